namespace Analytics.Query.Report.Sections;

/// <summary>Executions the export found open, per state machine or durable function.</summary>
internal static class OpenExecutionsSection
{
    public static void Write(IReportWriter w, WeeklyReportData data)
    {
        w.Heading("Open executions at export time");
        w.Paragraph(ReportText.OpenExecutionsIntro(data.OpenExecutions));
        if (data.OpenExecutions.Groups.Count > 0)
        {
            w.Table(ReportText.OpenExecutionsHeader, ReportText.OpenExecutionsRows(data.OpenExecutions));
        }
    }
}
