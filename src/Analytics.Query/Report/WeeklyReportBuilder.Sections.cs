using System.Globalization;

namespace Analytics.Query.Report;

// The report sections built from more than one query: async-invoke settings, open executions, data completeness.
public static partial class WeeklyReportBuilder
{
    private const string CompletenessSql = """
        SELECT
            count(*) AS executions,
            count(*) FILTER (WHERE type = 'STANDARD' AND history_complete IS NOT TRUE AND status <> 'RUNNING') AS standard_without_history,
            count(*) FILTER (WHERE type = 'EXPRESS') AS express,
            count(*) FILTER (WHERE type = 'EXPRESS' AND history_complete IS NOT TRUE) AS express_without_history
        FROM executions
        WHERE date_in_window(date) AND in_window(start_time)
        """;

    private static List<AsyncInvokeConfig> AsyncInvokeConfigs(QueryTable table) =>
        Enumerable.Range(0, table.Rows.Count).Select(r => new AsyncInvokeConfig(
            table.Text(r, "function_name") ?? string.Empty, table.Text(r, "qualifier") ?? string.Empty, table.Value(r, "configured") is true,
            table.Value(r, "durable") is true, Int(table.Value(r, "maximum_retry_attempts")), Int(table.Value(r, "maximum_event_age_seconds")),
            table.Text(r, "on_failure_destination"), table.Long(r, "async_invocations"), table.Long(r, "sync_invocations"),
            table.Text(r, "async_sources"))).ToList();

    /// <summary>The snapshots of the export runs nearest the week's end (snapshot_runs() in _views.sql says which).</summary>
    private static OpenExecutionsSnapshot OpenExecutions(QuerySession session, QueryParameters window)
    {
        var runs = session.Run("SELECT run_id, started_at, open_executions FROM snapshot_runs() ORDER BY started_at DESC", window);
        if (runs.Rows.Count == 0)
        {
            return new OpenExecutionsSnapshot(null, null, null, []);
        }
        var table = session.RunNamed("open_executions", window);
        var groups = Enumerable.Range(0, table.Rows.Count).Select(r => new OpenExecutionGroup(
            table.Text(r, "source_kind") ?? string.Empty, table.Text(r, "source_name") ?? string.Empty, table.Long(r, "open_executions"),
            table.Text(r, "by_status") ?? string.Empty, table.Value(r, "oldest_start") as DateTimeOffset?)).ToList();
        var recorded = Enumerable.Range(0, runs.Rows.Count).All(r => runs.Value(r, "open_executions") is not null)
            ? Enumerable.Range(0, runs.Rows.Count).Sum(r => runs.Long(r, "open_executions"))
            : groups.Count > 0 ? groups.Sum(g => g.Count) : (long?)null;
        return new OpenExecutionsSnapshot(string.Join(", ", Enumerable.Range(0, runs.Rows.Count).Select(r => runs.Text(r, "run_id"))),
            runs.Value(0, "started_at") as DateTimeOffset?, recorded, groups);
    }

    private static int? Int(object? value) => value is null ? null : Convert.ToInt32(value, CultureInfo.InvariantCulture);

    private static List<CompletenessItem> Completeness(QuerySession session, QueryParameters window, OpenExecutionsSnapshot open)
    {
        var counts = session.Run(CompletenessSql, window);
        string N(string column) => counts.Long(0, column).ToString("N0", CultureInfo.InvariantCulture);
        var items = new List<CompletenessItem>
        {
            new("Executions started this week", N("executions")),
            new("STANDARD executions without a complete history (expired before export, or not fetched)", N("standard_without_history")),
            new("EXPRESS executions listed (Step Functions keeps no history for them)", N("express")),
            new("EXPRESS executions without history", N("express_without_history")),
            new("Executions still open at export time (exported when they close)", ReportText.OpenExecutions(open)),
            new("Quarantined histories over all export runs (unparseable pages, kept under _quarantine/)", TableCount(session, "export_runs", window,
                "SELECT coalesce(sum(quarantined)::VARCHAR, 'not recorded in this dataset') FROM export_runs")),
            new("Export runs this week (failed items)", TableCount(session, "export_runs", window,
                "SELECT count(*) || ' (' || coalesce(sum(failures), 0) || ' failed items)' FROM export_runs WHERE in_window(started_at)")),
        };
        return items;
    }

    /// <summary>A figure from a table the dataset may not have yet: "not recorded" when it has no files.</summary>
    private static string TableCount(QuerySession session, string table, QueryParameters window, string sql)
    {
        var folder = Path.Combine(session.DataDirectory!, table);
        if (!Directory.Exists(folder) || !Directory.EnumerateFiles(folder, "*.parquet", SearchOption.AllDirectories).Any())
        {
            return "not recorded in this dataset";
        }
        return session.Run(sql, window).Rows[0][0]?.ToString() ?? "0";
    }
}
