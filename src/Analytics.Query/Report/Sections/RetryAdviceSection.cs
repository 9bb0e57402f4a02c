namespace Analytics.Query.Report.Sections;

/// <summary>Retry-policy advice: each Task state's Retry and Catch rules against what its attempts showed.</summary>
internal static class RetryAdviceSection
{
    public static void Write(IReportWriter w, WeeklyReportData data)
    {
        w.Heading("Retry advice", "retry-advice");
        w.Paragraph(AnalysisText.RetryIntro, ParagraphStyle.Note);
        if (data.Analysis.RetryAdvice.Count == 0)
        {
            w.Paragraph(AnalysisText.RetryNone, ParagraphStyle.Ok);
            return;
        }
        w.Table(AnalysisText.RetryHeader, AnalysisText.RetryRows(data.Analysis));
    }
}
