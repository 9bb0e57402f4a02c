namespace Analytics.Query.Report.Sections;

/// <summary>Attempt histograms of the Task states and durable steps that retried; one line names those that never did.</summary>
internal static class RetriesSection
{
    public static void Write(IReportWriter w, WeeklyReportData data)
    {
        w.Heading("Retry distributions");
        w.Paragraph("Share of visits (Task states) or steps (durable functions) by the attempts they took, where any retried.");
        var retried = data.Retries.Where(r => r.Retried > 0).ToList();
        foreach (var distribution in retried)
        {
            w.Chart(() => SvgCharts.AttemptHistogram(distribution),
                $"{distribution.Scope} / {distribution.Name} ({ReportText.Count(distribution.Visits)} visits)");
        }
        w.Table(ReportText.RetryHeader, ReportText.RetryRows(retried));
        if (ReportText.NeverRetried(data.Retries) is { } never)
        {
            w.Paragraph(never, ParagraphStyle.Note);
        }
    }
}
