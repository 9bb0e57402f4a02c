using System.Globalization;
using Analytics.DuckDb;

namespace Analytics.Benchmarks;

/// <summary>
/// Generates the benchmark dataset with DuckDB SQL (hash-based pseudo-randomness, so it is deterministic): executions
/// of 20 state machines over 28 days, ~5 state visits, ~4 task attempts and ~30 events per execution, one Map Run per
/// 50 executions, 100 durable executions per 1,000 with their steps; plus the first day's executions as raw
/// GetExecutionHistory pages (one JSON file per execution) for the read_json baseline. Written once; a marker file
/// says the folder is complete.
/// </summary>
internal static class BenchmarkDataset
{
    /// <summary>Bump when the generated shape changes, so a cached copy is not reused.</summary>
    public const string Version = "v1";

    public static readonly DateTimeOffset FirstDay = new(2026, 10, 26, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The cached dataset (generated on first use) and the first day's raw pages.</summary>
    public static (string Dataset, string Pages) Ensure()
    {
        var executions = long.Parse(Environment.GetEnvironmentVariable("ANALYTICS_BENCH_EXECUTIONS") ?? "1000000", CultureInfo.InvariantCulture);
        var root = Path.Combine(Path.GetTempPath(), "analytics-bench", $"named-queries-{Version}-{executions}");
        EnsureExists(root, executions, FirstDay);
        return (Path.Combine(root, "dataset"), Path.Combine(root, "_pages"));
    }

    private static void EnsureExists(string root, long executions, DateTimeOffset firstDay)
    {
        var marker = Path.Combine(root, "_complete");
        if (File.Exists(marker))
        {
            return;
        }
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
        var dataset = Path.Combine(root, "dataset");
        Directory.CreateDirectory(dataset);
        using var database = DuckDbDatabase.Open(null, new DuckDbConfig { Threads = 2 });
        using var connection = database.Connect();
        var start = DuckDbSql.Literal(firstDay.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + "+00");
        connection.Execute($"""
            SET TimeZone = 'UTC';
            CREATE TABLE ex AS
            SELECT i,
                   'arn:aws:states:us-east-1:123456789012:execution:sm-' || (i % 20) || ':' || i AS execution_arn,
                   'arn:aws:states:us-east-1:123456789012:stateMachine:sm-' || (i % 20) AS state_machine_arn,
                   'sm-' || (i % 20) AS state_machine_name, i::VARCHAR AS execution_name, 'STANDARD' AS type,
                   CASE WHEN hash(i, 1) % 1000 < 930 THEN 'SUCCEEDED' WHEN hash(i, 1) % 1000 < 975 THEN 'FAILED'
                        WHEN hash(i, 1) % 1000 < 985 THEN 'TIMED_OUT' WHEN hash(i, 1) % 1000 < 995 THEN 'ABORTED' ELSE 'RUNNING' END AS status,
                   TIMESTAMPTZ {start} + to_milliseconds((i * 2419200000 // {executions})::BIGINT) AS start_time,
                   (50 + hash(i, 2) % 60000)::BIGINT AS duration_ms
            FROM range({executions}) AS r(i);
            COPY (SELECT execution_arn, state_machine_arn, state_machine_name, execution_name, type, status, start_time,
                         CASE WHEN status <> 'RUNNING' THEN start_time + to_milliseconds(duration_ms) END AS stop_time,
                         CASE WHEN status <> 'RUNNING' THEN duration_ms END AS duration_ms, NULL::VARCHAR AS map_run_arn,
                         0 AS redrive_count, CASE WHEN status = 'FAILED' THEN 'Err' || (hash(i, 3) % 7) END AS error,
                         30::BIGINT AS event_count, true AS history_complete, start_time AS execution_start_time,
                         CAST(start_time AS DATE) AS date
                  FROM ex) TO {DuckDbSql.Literal(dataset + "/executions")} (FORMAT parquet, PARTITION_BY (date));
            COPY (SELECT execution_arn, state_machine_name, 'S' || s AS state_name, CASE WHEN s < 4 THEN 'Task' ELSE 'Pass' END AS state_type,
                         (s * 5 + 2)::BIGINT AS entered_event_id, (s * 5 + 6)::BIGINT AS exited_event_id,
                         start_time + to_milliseconds(s * 100) AS entered_at, (hash(i, s, 4) % 5000)::BIGINT AS duration_ms,
                         CASE WHEN hash(i, s, 5) % 100 < 97 THEN 'succeeded' ELSE 'failed' END AS outcome,
                         CASE WHEN s < 4 THEN 1 + (hash(i, s, 6) % 100 < 8)::INT + (hash(i, s, 6) % 100 < 2)::INT ELSE 1 END AS attempts,
                         'arn:aws:lambda:us-east-1:123456789012:function:fn-' || (i % 20) || '-' || s AS resource,
                         start_time AS execution_start_time, CAST(start_time AS DATE) AS date
                  FROM ex, range(5) AS t(s)) TO {DuckDbSql.Literal(dataset + "/state_visits")} (FORMAT parquet, PARTITION_BY (date));
            COPY (SELECT execution_arn, 'S' || s AS state_name, 1 AS attempt, 'lambda' AS resource_type,
                         'arn:aws:lambda:us-east-1:123456789012:function:fn-' || (i % 20) || '-' || s AS resource,
                         (hash(i, s, 7) % 50)::BIGINT AS queue_ms, (hash(i, s, 8) % 4000)::BIGINT AS run_ms,
                         CASE WHEN hash(i, s, 9) % 100 < 95 THEN 'succeeded' ELSE 'failed' END AS outcome,
                         CASE WHEN hash(i, s, 9) % 100 >= 95 THEN 'Lambda.Err' || (hash(i, s) % 5) END AS error,
                         start_time AS execution_start_time, state_machine_name, CAST(start_time AS DATE) AS date
                  FROM ex, range(4) AS t(s)) TO {DuckDbSql.Literal(dataset + "/task_attempts")} (FORMAT parquet, PARTITION_BY (date));
            COPY (SELECT execution_arn, e::BIGINT AS event_id, (e - 1)::BIGINT AS previous_event_id,
                         start_time + to_milliseconds(e * 20) AS timestamp, 'TaskStateEntered' AS type, 'S' || (e % 5) AS state_name,
                         start_time AS execution_start_time, CAST(start_time AS DATE) AS date
                  FROM ex, range(1, 31) AS t(e)) TO {DuckDbSql.Literal(dataset + "/events")} (FORMAT parquet, PARTITION_BY (date));
            COPY (SELECT 'arn:aws:states:us-east-1:123456789012:mapRun:sm-' || (i % 20) || '/Fanout:' || i AS map_run_arn, execution_arn,
                         state_machine_arn, CASE WHEN hash(i, 10) % 10 = 0 THEN 'FAILED' ELSE 'SUCCEEDED' END AS status,
                         start_time, start_time + to_milliseconds(duration_ms) AS stop_time, 100::BIGINT AS items_total,
                         (100 - hash(i, 11) % 5)::BIGINT AS items_succeeded, (hash(i, 11) % 5)::BIGINT AS items_failed,
                         0::BIGINT AS items_timed_out, 0::BIGINT AS items_aborted, 0 AS redrive_count, CAST(start_time AS DATE) AS date
                  FROM ex WHERE i % 50 = 0) TO {DuckDbSql.Literal(dataset + "/map_runs")} (FORMAT parquet, PARTITION_BY (date));
            CREATE TABLE dx AS
            SELECT i, 'arn:aws:lambda:us-east-1:123456789012:function:durable-' || (i % 5) || ':1/durable-execution/' || i || '/x' AS durable_execution_arn,
                   'durable-' || (i % 5) AS function_name, start_time,
                   CASE WHEN hash(i, 12) % 100 < 94 THEN 'SUCCEEDED' WHEN hash(i, 12) % 100 < 98 THEN 'FAILED' ELSE 'TIMED_OUT' END AS status,
                   duration_ms
            FROM ex WHERE i % 10 = 0;
            COPY (SELECT durable_execution_arn, function_name, status, start_time, start_time + to_milliseconds(duration_ms) AS end_time,
                         duration_ms, CASE WHEN status = 'FAILED' THEN 'StepError' END AS error_type, start_time AS execution_start_time,
                         CAST(start_time AS DATE) AS date
                  FROM dx) TO {DuckDbSql.Literal(dataset + "/durable_executions")} (FORMAT parquet, PARTITION_BY (date));
            COPY (SELECT durable_execution_arn, 'op-' || s AS operation_id, 'step-' || s AS name, 'STEP' AS type, 'Step' AS sub_type,
                         'SUCCEEDED' AS status, 1 + (hash(i, s, 13) % 100 < 10)::INT AS attempts, start_time AS execution_start_time,
                         CAST(start_time AS DATE) AS date
                  FROM dx, range(3) AS t(s)) TO {DuckDbSql.Literal(dataset + "/durable_operations")} (FORMAT parquet, PARTITION_BY (date));
            COPY (SELECT durable_execution_arn, 1::BIGINT AS event_id, 'op-0' AS operation_id, 'step-0' AS name, 'StepFailed' AS event_type,
                         start_time AS timestamp, 'StepError' AS error_type, start_time AS execution_start_time, CAST(start_time AS DATE) AS date
                  FROM dx WHERE hash(i, 0, 13) % 100 < 10) TO {DuckDbSql.Literal(dataset + "/durable_events")} (FORMAT parquet, PARTITION_BY (date));
            """);
        WritePages(connection, Path.Combine(root, "_pages"), firstDay);
        File.WriteAllText(marker, DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture));
    }

    /// <summary>The first day's executions as GetExecutionHistory pages: one JSON object {"events":[...]} per file.</summary>
    private static void WritePages(DuckDbConnection connection, string folder, DateTimeOffset firstDay)
    {
        Directory.CreateDirectory(folder);
        var end = DuckDbSql.Literal(firstDay.AddDays(1).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + "+00");
        connection.Execute($$"""
            CREATE TABLE pages AS
            SELECT i, {'events': list_concat(
                       [{'id': 1, 'type': 'ExecutionStarted', 'timestamp': epoch(start_time),
                         'executionStartedEventDetails': {'stateMachineArn': state_machine_arn, 'roleArn': 'arn:aws:iam::123456789012:role/r'} }],
                       [{'id': e, 'type': 'TaskStateEntered', 'timestamp': epoch(start_time) + e / 50,
                         'executionStartedEventDetails': NULL::STRUCT(stateMachineArn VARCHAR, roleArn VARCHAR)} FOR e IN range(2, 30)],
                       [{'id': 30, 'type': CASE status WHEN 'SUCCEEDED' THEN 'ExecutionSucceeded' WHEN 'FAILED' THEN 'ExecutionFailed'
                                                        WHEN 'TIMED_OUT' THEN 'ExecutionTimedOut' WHEN 'ABORTED' THEN 'ExecutionAborted' ELSE 'TaskScheduled' END,
                         'timestamp': epoch(start_time) + 1, 'executionStartedEventDetails': NULL::STRUCT(stateMachineArn VARCHAR, roleArn VARCHAR)}])} AS page
            FROM ex WHERE start_time < TIMESTAMPTZ {{end}};
            """);
        // One file per execution, as a crawler's page dump would be: the page's JSON as DuckDB serializes it.
        using var result = connection.Query("SELECT i, to_json(page)::VARCHAR FROM pages");
        while (result.NextChunk() is { } chunk)
        {
            using (chunk)
            {
                var ids = chunk.GetVector(0).GetValues<long>();
                var json = chunk.GetVector(1);
                for (var row = 0; row < chunk.RowCount; row++)
                {
                    File.WriteAllBytes(Path.Combine(folder, ids[row].ToString(CultureInfo.InvariantCulture) + ".json"), json.GetBytes(row).ToArray());
                }
            }
        }
    }
}
