namespace Analytics.Query.Report.Sections;

/// <summary>Async-invoke settings per qualifier beside the asynchronous invocations they govern.</summary>
internal static class AsyncInvokeSection
{
    public static void Write(IReportWriter w, WeeklyReportData data)
    {
        w.Heading("Configured async retries and observed attempts");
        w.Paragraph(ReportText.AsyncInvokeIntro);
        w.Table(ReportText.AsyncInvokeHeader, ReportText.AsyncInvokeRows(data));
    }
}
