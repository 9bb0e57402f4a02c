namespace Analytics.Query.Report.Sections;

/// <summary>Sections that show a named query's result as it is: human headers, readable cells.</summary>
internal static class QueryTableSections
{
    public static void MapRuns(IReportWriter w, WeeklyReportData data)
    {
        w.Heading("Map Run health");
        Table(w, data.MapRuns);
    }

    public static void TopErrors(IReportWriter w, WeeklyReportData data)
    {
        w.Heading("Top errors");
        w.Paragraph($"The {WeeklyReportBuilder.TopErrorsShown} most frequent per source.");
        Table(w, data.TopErrors);
    }

    public static void Durable(IReportWriter w, WeeklyReportData data)
    {
        w.Heading("Durable functions");
        Table(w, data.Durable);
    }

    private static void Table(IReportWriter w, QueryTable table) =>
        w.Table(table.Columns.Select(c => Readable.Header(c.Name)).ToArray(),
            table.Rows.Select(r => r.Select((v, i) => ReportText.Value(table.Columns[i].Name, v)).ToArray()));
}
