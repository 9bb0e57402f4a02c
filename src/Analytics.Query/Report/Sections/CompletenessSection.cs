namespace Analytics.Query.Report.Sections;

/// <summary>What the dataset holds for the week and what it lacks (the headline's completeness line in detail).</summary>
internal static class CompletenessSection
{
    public static void Write(IReportWriter w, WeeklyReportData data)
    {
        w.Heading("Data completeness");
        w.Table(["What", "Count"], data.Completeness.Select(c => new[] { c.Label, c.Value }));
    }
}
