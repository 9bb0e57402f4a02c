using System.Globalization;

namespace Analytics.Query.Report;

// The headline block: this week against last on pooled top-level figures, and the data completeness in one line.
public static partial class WeeklyReportBuilder
{
    // Top-level executions only (Map Run children are items of their parent's work, not workflows someone started);
    // `anything` counts every execution kind, so an empty week is told apart from a week without top-level runs.
    private const string HeadlineSql = """
        SELECT
            count(*) FILTER (WHERE map_run_arn IS NULL) AS executions,
            count(*) FILTER (WHERE map_run_arn IS NULL AND status IN ('SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED')) AS closed,
            count(*) FILTER (WHERE map_run_arn IS NULL AND status IN ('FAILED', 'TIMED_OUT', 'ABORTED')) AS failed,
            quantile_disc(duration_ms, 0.95) FILTER (WHERE map_run_arn IS NULL AND duration_ms IS NOT NULL) AS p95_ms,
            count(*) + (SELECT count(*) FROM durable_executions WHERE date_in_window(date) AND in_window(start_time)) AS anything
        FROM executions
        WHERE date_in_window(date) AND in_window(start_time)
        """;

    private static WeekFigures Figures(QuerySession session, QueryParameters window)
    {
        var row = session.Run(HeadlineSql, window);
        return new WeekFigures(row.Long(0, "executions"), new Rate(row.Long(0, "failed"), row.Long(0, "closed")),
            row.Value(0, "p95_ms") is null ? null : row.Long(0, "p95_ms"), row.Long(0, "anything"));
    }

    /// <summary>"all histories exported", or what is missing and why (open executions are pending, not missing).</summary>
    private static string CompletenessLine(CompletenessFigures figures, OpenExecutionsSnapshot open)
    {
        var missing = new List<string>();
        if (figures.StandardWithoutHistory > 0)
        {
            missing.Add($"{ReportText.Count(figures.StandardWithoutHistory)} STANDARD executions without a complete history (expired before export, or not fetched)");
        }
        if (figures.Quarantined > 0)
        {
            missing.Add($"{ReportText.Count(figures.Quarantined.Value)} histories quarantined as unparseable (under _quarantine/)");
        }
        if (figures.FailedItems > 0)
        {
            missing.Add($"{ReportText.Count(figures.FailedItems.Value)} items failed in this week's export runs");
        }
        var pending = open.Recorded is > 0
            ? string.Create(CultureInfo.InvariantCulture, $"; {ReportText.Count(open.Recorded.Value)} executions still open at export time are exported once they close")
            : string.Empty;
        return (missing.Count == 0 ? "all histories exported" : "missing: " + string.Join("; ", missing)) + pending;
    }
}
