namespace Analytics.Query.Report.Sections;

/// <summary>Sections that show a named query's result as it is: human headers, readable cells.</summary>
internal static class QueryTableSections
{
    /// <summary>The week per account and region (every unit the dataset holds shows here, the one of a one-unit
    /// dataset too: it says where the figures come from).</summary>
    public static void Units(IReportWriter w, WeeklyReportData data)
    {
        if (data.UnitSummary is null)
        {
            return;
        }
        w.Heading("Accounts and regions");
        w.Paragraph((data.Units.Several
            ? $"{data.Units.Labels.Count} account/region units; names below carry their unit (account region). "
            : "Top-level state machine executions and durable executions started in the week. ")
            + "Exports: the export runs that started in the week and what they exported there (incomplete: could not read the unit whole).");
        Table(w, data.UnitSummary, keepUnit: true, data.Units.Accounts);
    }

    public static void MapRuns(IReportWriter w, WeeklyReportData data)
    {
        w.Heading("Map Run health");
        Table(w, data.MapRuns, data.Units.Several, data.Units.Accounts);
    }

    public static void TopErrors(IReportWriter w, WeeklyReportData data)
    {
        w.Heading("Top errors");
        w.Paragraph($"The {WeeklyReportBuilder.TopErrorsShown} most frequent per source.");
        Table(w, data.TopErrors, data.Units.Several, data.Units.Accounts);
    }

    public static void Durable(IReportWriter w, WeeklyReportData data)
    {
        w.Heading("Durable functions");
        Table(w, data.Durable, data.Units.Several, data.Units.Accounts);
    }

    /// <summary>The query's columns as they are, but the account_id and region every named query starts with only
    /// when they tell rows apart (<paramref name="keepUnit"/>), an account with its name.</summary>
    private static void Table(IReportWriter w, QueryTable table, bool keepUnit, AccountNames accounts)
    {
        var shown = Enumerable.Range(0, table.Columns.Length)
            .Where(i => keepUnit || table.Columns[i].Name is not ("account_id" or "region")).ToArray();
        w.Table(shown.Select(i => Readable.Header(table.Columns[i].Name)).ToArray(),
            table.Rows.Select(r => shown.Select(i => table.Columns[i].Name == "account_id" && r[i] is string account
                ? accounts.Label(account) : ReportText.Value(table.Columns[i].Name, r[i])).ToArray()));
    }
}
