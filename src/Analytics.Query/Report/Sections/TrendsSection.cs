namespace Analytics.Query.Report.Sections;

/// <summary>The last weeks per state machine: failure rate and p95 as sparklines (SVG in HTML, block characters in
/// the table both formats show).</summary>
internal static class TrendsSection
{
    public static void Write(IReportWriter w, WeeklyReportData data)
    {
        var analysis = data.Analysis;
        w.Heading($"Trends: the last {ReportAnalysis.TrendWindowWeeks} weeks", "trends");
        if (analysis.TrendWeeks < ReportAnalysis.MinimumTrendWeeks)
        {
            w.Paragraph(AnalysisText.TrendsMissing(analysis, data.Week), ParagraphStyle.Note);
            return;
        }
        w.Paragraph(AnalysisText.TrendsIntro, ParagraphStyle.Note);
        w.Chart(() => Sparklines.Grid(analysis.Trends));
        w.Table(["State machine", "Failure rate", "p95 execution duration"], analysis.Trends.Select(t => (IReadOnlyList<string>)
        [
            t.StateMachine,
            AnalysisText.TextSparkline(t.Points.Select(p => p?.FailureRate).ToList(), v => ReportText.Percent(v)),
            AnalysisText.TextSparkline(t.Points.Select(p => p?.P95Ms is { } ms ? (double?)ms : null).ToList(), v => ReportText.Duration((long)v)),
        ]));
    }
}
