using System.Globalization;

namespace Analytics.Query.Report;

// The report sections that are not named queries: configured retries next to observed attempts, data completeness.
public static partial class WeeklyReportBuilder
{
    /// <summary>The latest functions snapshot next to the attempts observed on that function in the week: Step Functions
    /// Task visits whose resource is the function (or a version/alias of it), and durable steps of a durable function.</summary>
    private const string ConfiguredRetriesSql = """
        WITH latest AS (
            SELECT * FROM functions WHERE date = (SELECT max(date) FROM functions)
        ),
        task_visits AS (
            SELECT resource, attempts FROM state_visits
            WHERE state_type = 'Task' AND attempts IS NOT NULL AND date_in_window(date) AND in_window(execution_start_time)
        ),
        steps AS (
            SELECT e.function_name, o.attempts FROM durable_operations AS o
            JOIN durable_executions AS e USING (durable_execution_arn)
            WHERE o.type = 'STEP' AND o.attempts IS NOT NULL AND date_in_window(e.date) AND in_window(e.start_time)
        ),
        observed AS (
            SELECT f.function_arn, v.attempts FROM latest AS f
            JOIN task_visits AS v ON v.resource = f.function_arn OR starts_with(v.resource, f.function_arn || ':')
            UNION ALL
            SELECT f.function_arn, s.attempts FROM latest AS f JOIN steps AS s USING (function_name)
        )
        SELECT f.function_name, f.qualifier, coalesce(f.durable, false) AS durable, f.maximum_retry_attempts, f.maximum_event_age_seconds,
               f.on_failure_destination, count(o.attempts) AS visits, count(o.attempts) FILTER (WHERE o.attempts > 1) AS retried,
               max(o.attempts) AS max_attempts
        FROM latest AS f LEFT JOIN observed AS o USING (function_arn)
        GROUP BY ALL
        ORDER BY f.function_name, f.qualifier NULLS FIRST
        """;

    private const string CompletenessSql = """
        SELECT
            count(*) AS executions,
            count(*) FILTER (WHERE type = 'STANDARD' AND history_complete IS NOT TRUE AND status <> 'RUNNING') AS standard_without_history,
            count(*) FILTER (WHERE type = 'EXPRESS') AS express,
            count(*) FILTER (WHERE type = 'EXPRESS' AND history_complete IS NOT TRUE) AS express_without_history,
            count(*) FILTER (WHERE status IN ('RUNNING', 'PENDING_REDRIVE')) AS still_open
        FROM executions
        WHERE date_in_window(date) AND in_window(start_time)
        """;

    private static List<ConfiguredRetries> Configured(QuerySession session, QueryParameters window)
    {
        var table = session.Run(ConfiguredRetriesSql, window);
        return Enumerable.Range(0, table.Rows.Count).Select(r => new ConfiguredRetries(
            table.Text(r, "function_name") ?? string.Empty, table.Text(r, "qualifier"), table.Value(r, "durable") is true,
            table.Value(r, "maximum_retry_attempts") is { } retries ? Convert.ToInt32(retries, CultureInfo.InvariantCulture) : null,
            table.Value(r, "maximum_event_age_seconds") is { } age ? Convert.ToInt32(age, CultureInfo.InvariantCulture) : null,
            table.Text(r, "on_failure_destination"), table.Long(r, "visits"), table.Long(r, "retried"),
            table.Value(r, "max_attempts") is { } max ? Convert.ToInt32(max, CultureInfo.InvariantCulture) : null)).ToList();
    }

    private static List<CompletenessItem> Completeness(QuerySession session, QueryParameters window)
    {
        var counts = session.Run(CompletenessSql, window);
        string N(string column) => counts.Long(0, column).ToString("N0", CultureInfo.InvariantCulture);
        var items = new List<CompletenessItem>
        {
            new("Executions started this week", N("executions")),
            new("STANDARD executions without a complete history (expired before export, or not fetched)", N("standard_without_history")),
            new("EXPRESS executions listed (Step Functions keeps no history for them)", N("express")),
            new("EXPRESS executions without history", N("express_without_history")),
            new("Executions still open at export time (exported again when they close)", N("still_open")),
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
