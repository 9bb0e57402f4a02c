using System.Globalization;
using System.Text;

namespace Analytics.Query.Report;

/// <summary>The analyses in the Markdown report: latency lines under Regressions, then Retry advice and Trends.</summary>
internal static class AnalysisMarkdown
{
    /// <summary>The flagged latencies, listed beside the failure-rate regressions, and the rule.</summary>
    public static void Regressions(StringBuilder md, ReportAnalysis analysis)
    {
        foreach (var latency in analysis.FlaggedLatency)
        {
            md.Append("- **latency** ").Append(MarkdownReport.Escape(AnalysisText.LatencyLine(latency))).Append('\n');
        }
        md.Append(CultureInfo.InvariantCulture, $"\nLatency rule: {AnalysisText.LatencyRule}\n\n");
    }

    public static void Sections(StringBuilder md, ReportAnalysis analysis, IsoWeek week)
    {
        md.Append("## Retry advice\n\n").Append(AnalysisText.RetryIntro).Append("\n\n");
        if (analysis.RetryAdvice.Count == 0)
        {
            md.Append(AnalysisText.RetryNone).Append("\n\n");
        }
        else
        {
            Table(md, AnalysisText.RetryHeader, AnalysisText.RetryRows(analysis));
        }

        md.Append(CultureInfo.InvariantCulture, $"## Trends: the last {ReportAnalysis.TrendWindowWeeks} weeks\n\n");
        if (analysis.TrendWeeks < ReportAnalysis.MinimumTrendWeeks)
        {
            md.Append(AnalysisText.TrendsMissing(analysis, week)).Append("\n\n");
            return;
        }
        md.Append(AnalysisText.TrendsIntro).Append("\n\n");
        Table(md, ["State machine", "Failure rate", "p95 execution duration"], analysis.Trends.Select(t => new[]
        {
            t.StateMachine,
            AnalysisText.TextSparkline(t.Points.Select(p => p?.FailureRate).ToList(), v => ReportText.Percent(v)),
            AnalysisText.TextSparkline(t.Points.Select(p => p?.P95Ms is { } ms ? (double?)ms : null).ToList(), v => ReportText.Millis((long)v)),
        }));
    }

    private static void Table(StringBuilder md, string[] header, IEnumerable<string[]> rows)
    {
        md.Append("| ").Append(string.Join(" | ", header.Select(MarkdownReport.Escape))).Append(" |\n");
        md.Append('|').Append(string.Concat(header.Select(_ => " --- |"))).Append('\n');
        foreach (var row in rows)
        {
            md.Append("| ").Append(string.Join(" | ", row.Select(MarkdownReport.Escape))).Append(" |\n");
        }
        md.Append('\n');
    }
}
