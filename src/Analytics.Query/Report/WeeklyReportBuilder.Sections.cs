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

    // EXPRESS histories exist only in CloudWatch Logs, and whole only at level ALL (aws-wire-facts-logs §1).
    private const string LoggingSql = """
        SELECT name, coalesce(logging_level, 'OFF') AS level FROM state_machines
        WHERE type = 'EXPRESS'
        QUALIFY row_number() OVER (PARTITION BY state_machine_arn ORDER BY date DESC, export_run_id DESC) = 1
            AND level <> 'ALL'
        ORDER BY name
        """;

    private static List<AsyncInvokeConfig> AsyncInvokeConfigs(QueryTable table, ReportUnits units) =>
        Enumerable.Range(0, table.Rows.Count).Select(r => new AsyncInvokeConfig(
            units.Name(table, r, "function_name") ?? string.Empty, table.Text(r, "qualifier") ?? string.Empty, table.Value(r, "configured") is true,
            table.Value(r, "durable") is true, Int(table.Value(r, "maximum_retry_attempts")), Int(table.Value(r, "maximum_event_age_seconds")),
            table.Text(r, "on_failure_destination"), table.Long(r, "async_invocations"), table.Long(r, "sync_invocations"),
            table.Text(r, "async_sources"))).ToList();

    /// <summary>The snapshots of the export runs nearest the week's end (snapshot_runs() in _views.sql says which).</summary>
    private static OpenExecutionsSnapshot OpenExecutions(QuerySession session, QueryParameters window, ReportUnits units)
    {
        var runs = session.Run("SELECT run_id, started_at, open_executions FROM snapshot_runs() ORDER BY started_at DESC", window);
        if (runs.Rows.Count == 0)
        {
            return new OpenExecutionsSnapshot(null, null, null, []);
        }
        var table = session.RunNamed("open_executions", window);
        var groups = Enumerable.Range(0, table.Rows.Count).Select(r => new OpenExecutionGroup(
            table.Text(r, "source_kind") ?? string.Empty, units.Name(table, r, "source_name") ?? string.Empty, table.Long(r, "open_executions"),
            table.Text(r, "by_status") ?? string.Empty, table.Value(r, "oldest_start") as DateTimeOffset?)).ToList();
        var recorded = Enumerable.Range(0, runs.Rows.Count).All(r => runs.Value(r, "open_executions") is not null)
            ? Enumerable.Range(0, runs.Rows.Count).Sum(r => runs.Long(r, "open_executions"))
            : groups.Count > 0 ? groups.Sum(g => g.Count) : (long?)null;
        return new OpenExecutionsSnapshot(string.Join(", ", Enumerable.Range(0, runs.Rows.Count).Select(r => runs.Text(r, "run_id"))),
            runs.Value(0, "started_at") as DateTimeOffset?, recorded, groups);
    }

    private static int? Int(object? value) => value is null ? null : Convert.ToInt32(value, CultureInfo.InvariantCulture);

    private static CompletenessFigures CompletenessOf(QuerySession session, QueryParameters window)
    {
        var counts = session.Run(CompletenessSql, window);
        var runs = HasFiles(session, "export_runs")
            ? session.Run("SELECT sum(quarantined) AS quarantined, (SELECT coalesce(sum(failures), 0) FROM export_runs WHERE in_window(started_at)) AS failures, "
                + "(SELECT count(*) FROM export_runs WHERE in_window(started_at)) AS runs FROM export_runs", window)
            : null;
        long? Run(string column) => runs?.Value(0, column) is null ? null : runs.Long(0, column);
        return new CompletenessFigures(counts.Long(0, "executions"), counts.Long(0, "standard_without_history"), counts.Long(0, "express"),
            counts.Long(0, "express_without_history"), Run("quarantined"), Run("runs"), Run("failures"), WithoutFullHistories(session, window));
    }

    private static string? WithoutFullHistories(QuerySession session, QueryParameters window)
    {
        if (!HasFiles(session, "state_machines"))
        {
            return null;
        }
        var machines = session.Run(LoggingSql, window);
        return string.Join("; ", Enumerable.Range(0, machines.Rows.Count).Select(r => machines.Text(r, "level") switch
        {
            "ERROR" => $"{machines.Text(r, "name")} (logging ERROR: only its error events are logged)",
            "FATAL" => $"{machines.Text(r, "name")} (logging FATAL: only failed, timed-out and aborted ends are logged)",
            var level => $"{machines.Text(r, "name")} (logging {level}: no history is logged)",
        }));
    }

    private static List<CompletenessItem> Completeness(CompletenessFigures figures, OpenExecutionsSnapshot open)
    {
        const string NotRecorded = "not recorded in this dataset";
        return
        [
            new("Executions started this week", ReportText.Count(figures.Executions)),
            new("STANDARD executions without a complete history (expired before export, or not fetched)", ReportText.Count(figures.StandardWithoutHistory)),
            new("EXPRESS executions (histories from CloudWatch Logs; Step Functions keeps none)", ReportText.Count(figures.Express)),
            new("EXPRESS executions without a complete history", ReportText.Count(figures.ExpressWithoutHistory)),
            new("EXPRESS state machines without full histories (their log groups get less than level ALL)",
                figures.WithoutFullHistories is null ? NotRecorded : figures.WithoutFullHistories.Length == 0 ? "none" : figures.WithoutFullHistories),
            new("Executions still open at export time (exported when they close)", ReportText.OpenExecutions(open)),
            new("Quarantined histories over all export runs (unparseable pages, kept under _quarantine/)",
                figures.Quarantined is { } q ? ReportText.Count(q) : NotRecorded),
            new("Export runs this week (failed items)", figures.ExportRuns is { } r
                ? string.Create(CultureInfo.InvariantCulture, $"{ReportText.Count(r)} ({ReportText.Count(figures.FailedItems ?? 0)} failed items)") : NotRecorded),
        ];
    }

    /// <summary>Whether a table the dataset may not have yet (older exports, imports) has files.</summary>
    private static bool HasFiles(QuerySession session, string table)
    {
        var folder = Path.Combine(session.DataDirectory!, table);
        return Directory.Exists(folder) && Directory.EnumerateFiles(folder, "*.parquet", SearchOption.AllDirectories).Any();
    }
}
