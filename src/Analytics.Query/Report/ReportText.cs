using System.Globalization;

namespace Analytics.Query.Report;

/// <summary>Numbers spelled the same way in the Markdown and HTML reports.</summary>
internal static class ReportText
{
    /// <summary>The cell that marks a regressed row; each writer shows it as a flag.</summary>
    public const string RegressionMark = "REGRESSION";

    public static string Percent(double? value) => Readable.Percent(value);

    public static string Change(double? current, double? previous) =>
        current is { } c && previous is { } p ? ((c - p) * 100).ToString("+0.00;-0.00;0.00", CultureInfo.InvariantCulture) + " pp" : "–";

    public static string RelativeChange(long current, long? previous) =>
        previous is { } p && p > 0 ? ((current - p) * 100.0 / p).ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture) + "%" : "–";

    public static string Count(long value) => Readable.Count(value);

    public static string Duration(long milliseconds) => Readable.Duration(milliseconds);

    /// <summary>Any result value: <see cref="Readable.Cell"/> for numbers, times in UTC, booleans as yes/no.</summary>
    public static string Value(string column, object? value) => Readable.Cell(column, value) ?? value switch
    {
        double d => d.ToString("0.###", CultureInfo.InvariantCulture),
        DateTimeOffset t => Time(t),
        bool b => b ? "yes" : "no",
        _ => value?.ToString() ?? string.Empty,
    };

    public static readonly string[] RetryHeader = ["Kind", "State machine / function", "State / step", "Visits", "Retried", "Attempts: share"];

    public static IEnumerable<string[]> RetryRows(IEnumerable<RetryDistribution> retries) =>
        retries.Select(r => new[] { r.Kind == "task_state" ? "Task state" : r.Kind == "durable_step" ? "durable step" : r.Kind, r.Scope, r.Name,
            Count(r.Visits), Count(r.Retried), Distribution(r) });

    /// <summary>One line naming the states and steps that took one attempt every time, or null when there are none.</summary>
    public static string? NeverRetried(IReadOnlyList<RetryDistribution> retries)
    {
        var never = retries.Where(r => r.Retried == 0).Select(r => $"{r.Scope} / {(r.Name.Length == 0 ? "(unnamed)" : r.Name)}").ToList();
        return never.Count == 0 ? null : $"Never retried this week ({never.Count}, one attempt each time): {string.Join(", ", never)}.";
    }

    public static string Distribution(RetryDistribution distribution) =>
        string.Join(" · ", distribution.Buckets.Select(b => $"{b.Attempts}: {Percent(b.Share)}"));

    /// <summary>"12 at export run R (started …); oldest started …", or why there is no figure.</summary>
    public static string OpenExecutions(OpenExecutionsSnapshot open) => open.RunId is null
        ? "not recorded in this dataset (no export run)"
        : open.Recorded is null ? $"not recorded by export run {open.RunId} (it predates the open_executions snapshot)"
        : string.Create(CultureInfo.InvariantCulture, $"{Count(open.Count)} at export run {open.RunId}{(open.TakenAt is { } at ? $" (started {Time(at)})" : "")}")
          + (open.OldestStart is { } oldest ? "; oldest started " + Time(oldest) : string.Empty);

    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public const string AsyncInvokeIntro =
        "Async-invoke settings of the latest functions snapshot, per qualifier, next to the asynchronous invocations they govern this week: "
        + "attempts of Task states that invoke exactly that qualifier with InvocationType Event (an unqualified name means $LATEST), and durable "
        + "executions (each started by an invocation of its function's version). Synchronous invocations are not governed by these settings, "
        + "and the retries Lambda makes of a queued event are in no history, so neither is counted. A qualifier without settings is listed "
        + "when something invokes it asynchronously: Lambda's defaults apply to it.";

    public static readonly string[] AsyncInvokeHeader =
        ["Function", "Qualifier", "Durable", "Maximum retry attempts", "Maximum event age", "On failure", "Asynchronous invocations this week", "Invoked asynchronously by"];

    public static IEnumerable<string[]> AsyncInvokeRows(WeeklyReportData data) => data.AsyncInvokeConfigs.Select(c => new[]
    {
        c.FunctionName, c.Qualifier, c.Durable ? "yes" : "no",
        c.Configured ? c.MaximumRetryAttempts?.ToString(CultureInfo.InvariantCulture) ?? "not set (2)" : "not configured (default 2)",
        c.Configured ? c.MaximumEventAgeSeconds is { } age ? $"{age} s" : "not set (6 h)" : "not configured (default 6 h)",
        c.OnFailureDestination ?? "–", c.Observed, c.AsyncSources ?? "–",
    });

    /// <summary>The sentence above the open-executions table: which export run, or why there is no table.</summary>
    public static string OpenExecutionsIntro(OpenExecutionsSnapshot open) =>
        open.RunId is null ? "Not recorded in this dataset: it has no export run (imported histories only)."
        : open.Recorded is null ? $"Not recorded: export run {open.RunId} predates the open_executions snapshot."
        : (open.Groups.Count == 0 ? $"None: export run {open.RunId} found no open execution." : $"From export run {open.RunId}")
          + (open.TakenAt is { } at ? $" (started {Time(at)})" : "")
          + (open.Groups.Count == 0 ? "" : ": executions in no terminal status, which the history tables hold only once they close "
             + "(Map Run children count where their parent had closed).");

    public static readonly string[] OpenExecutionsHeader = ["Kind", "State machine / function", "Open", "By status", "Oldest start"];

    public static IEnumerable<string[]> OpenExecutionsRows(OpenExecutionsSnapshot open) => open.Groups.Select(g => new[]
    {
        g.Kind == "durable" ? "durable function" : "state machine", g.Source, Count(g.Count), g.ByStatus, g.OldestStart is { } t ? Time(t) : "–",
    });

    public static string Period(IsoWeek week) =>
        string.Create(CultureInfo.InvariantCulture, $"{week.Start:yyyy-MM-dd} to {week.End.AddDays(-1):yyyy-MM-dd} (UTC)");
}
