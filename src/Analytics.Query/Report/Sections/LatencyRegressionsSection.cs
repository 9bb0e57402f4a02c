namespace Analytics.Query.Report.Sections;

/// <summary>Latency regressions, listed beside the failure-rate regressions (<see cref="RegressionsSection"/>).</summary>
internal static class LatencyRegressionsSection
{
    public static void Flags(IReportWriter w, WeeklyReportData data)
    {
        var flagged = data.Analysis.FlaggedLatency.ToList();
        if (flagged.Count > 0)
        {
            w.FlagList(flagged.Select(l => ("latency: " + AnalysisText.LatencyLine(l), (IReadOnlyList<string>)[])));
        }
    }

    public static void Rule(IReportWriter w) => w.Paragraph("Latency rule: " + AnalysisText.LatencyRule, ParagraphStyle.Rule);
}
