using System.Globalization;

namespace Analytics.Query.Report;

/// <summary>The analyses' rules and wording, shared by the Markdown and HTML renderers (README has the reasoning).</summary>
internal static class AnalysisText
{
    public const string LatencyRule =
        "A duration is flagged as a latency regression when both weeks have at least 30 samples, its p95 (or p50) rose by at least 25 % "
        + "and by at least 100 ms, and this week's durations are significantly larger: one-sided Mann-Whitney U test, z ≥ 4.0 (a week tests many durations; a task "
        + "resource is compared within each state that calls it, so a change in which states call it is not a regression). Levels: state "
        + "machine (execution duration), state (visits that exited it), task resource (attempt run time).";

    public const string RetryIntro =
        "Each Task state's Retry and Catch rules (from the exported definitions, nested Parallel and Map states included) held against "
        + "this week's attempts: errors nothing retries and only a catch-all (or nothing) catches; retriers whose later retries almost never "
        + "succeed; retriers that use up MaxAttempts often; throttling retried without jitter; Lambda tasks without AWS's recommended "
        + "retrier for transient Lambda service errors. Durable functions' steps: retries that rarely succeed or are often exhausted "
        + "(their histories show the attempts, not the retry strategy).";

    public const string RetryNone = "No retry advice: every Task state's Retry and Catch rules fit what its attempts showed this week.";

    public static readonly string[] RetryHeader = ["State machine / durable function", "State / step", "Finding", "Evidence", "Change to consider"];

    public static IEnumerable<string[]> RetryRows(ReportAnalysis analysis) =>
        analysis.RetryAdvice.Select(f => new[] { f.StateMachine, f.StateName, FindingTitle(f.Finding), f.Evidence, f.Change });

    public static string FindingTitle(string finding) => finding switch
    {
        "error_not_retried" => "error neither retried nor caught by name",
        "retries_rarely_succeed" => "retries rarely succeed",
        "retries_exhausted" => "retries often exhausted",
        "throttling_without_jitter" => "throttling retried without jitter",
        "lambda_service_retrier_missing" => "no retrier for transient Lambda errors",
        _ => finding,
    };

    public static string LatencyLine(LatencyRegression l)
    {
        var parts = new List<string>();
        if (l.P95Regressed || !l.P50Regressed)
        {
            parts.Add($"p95 {Ms(l.P95Previous)} → {Ms(l.P95Current)} ({Rise(l.P95Current, l.P95Previous)})");
        }
        if (l.P50Regressed)
        {
            parts.Add($"p50 {Ms(l.P50Previous)} → {Ms(l.P50Current)} ({Rise(l.P50Current, l.P50Previous)})");
        }
        var level = l.Level switch { "execution" => "state machine", "resource" => "task resource", _ => "state" };
        return string.Create(CultureInfo.InvariantCulture,
            $"{level} {l.Subject}: {string.Join(", ", parts)}; Mann-Whitney z = {l.Z:0.0} over {ReportText.Count(l.SamplesPrevious)} and {ReportText.Count(l.SamplesCurrent)} samples");
    }

    public static string TrendsMissing(ReportAnalysis analysis, IsoWeek week) =>
        $"Trends appear once the dataset holds at least {ReportAnalysis.MinimumTrendWeeks} weeks of executions; in the "
        + $"{ReportAnalysis.TrendWindowWeeks} weeks ending {week} it holds {analysis.TrendWeeks}.";

    public const string TrendsIntro = "Oldest week first, this week last, each on a scale from zero; a week without executions is a gap (· in text).";

    public static string Ms(long? value) => value is { } v ? ReportText.Duration(v) : "–";

    private static string Rise(long? current, long? previous) => current is { } c && previous is { } p ? ReportText.RelativeChange(c, p) : "–";

    /// <summary>"▁▂▅█ 1.20% → 4.00%": a text sparkline from zero (· for a week without executions), then the first and last values.</summary>
    public static string TextSparkline(IReadOnlyList<double?> values, Func<double, string> format)
    {
        const string Blocks = "▁▂▃▄▅▆▇█";
        var present = values.Where(v => v is not null).Select(v => v!.Value).ToList();
        if (present.Count == 0)
        {
            return "–";
        }
        var max = present.Max();
        var chars = values.Select(v => v is not { } x ? '·' : max <= 0 ? Blocks[0] : Blocks[(int)Math.Round(x / max * (Blocks.Length - 1))]);
        return $"{new string(chars.ToArray())} {format(present[0])} → {format(present[^1])}";
    }
}
