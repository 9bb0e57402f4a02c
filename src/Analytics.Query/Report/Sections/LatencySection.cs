namespace Analytics.Query.Report.Sections;

/// <summary>Duration percentiles per state machine, state and task resource; the chart is per state machine.</summary>
internal static class LatencySection
{
    public static void Write(IReportWriter w, WeeklyReportData data)
    {
        w.Heading("Latency percentiles");
        w.Paragraph("Nearest-rank percentiles (quantile_disc); change is p95 against last week. The chart's scale is logarithmic.");
        var executionLatency = data.Latency.Where(l => l.Level == "execution").ToList();
        if (executionLatency.Count > 0)
        {
            w.Chart(() => SvgCharts.LatencyBars(executionLatency));
        }
        w.Table(["Level", "Subject", "Samples", "p50", "p90", "p95", "p99", "Max", "p95 change"],
            data.Latency.Select(l => new[]
            {
                l.Level, l.Subject, ReportText.Count(l.Current.Samples), ReportText.Duration(l.Current.P50), ReportText.Duration(l.Current.P90),
                ReportText.Duration(l.Current.P95), ReportText.Duration(l.Current.P99), ReportText.Duration(l.Current.Max),
                ReportText.RelativeChange(l.Current.P95, l.Previous?.P95),
            }));
    }
}
