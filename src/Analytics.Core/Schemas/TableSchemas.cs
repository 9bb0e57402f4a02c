using Analytics.Core.Columns;
using static Analytics.Core.Schemas.SchemaBuilder;

namespace Analytics.Core.Schemas;

/// <summary>
/// The history-derived tables of SPEC §5. Column order matches the index constants in <see cref="ExecutionColumns"/>,
/// <see cref="EventColumns"/> and friends (a test holds them together). Timestamps are TIMESTAMPTZ (microseconds,
/// UTC, millisecond precision); durations are BIGINT milliseconds. Every table carries <c>execution_start_time</c>:
/// the partition key (the UTC date of the execution's start), so a writer can route any row without a lookup.
/// Every table ends with <c>account_id</c> and <c>region</c> (from the execution's ARN), so rows of same-named
/// state machines and functions in different accounts and regions stay apart. The export run id is added by the writer.
/// </summary>
public static class TableSchemas
{
    public static TableSchema Executions { get; } = new(
        "executions",
        Text("execution_arn"), Text("state_machine_arn"), Text("state_machine_name"), Text("execution_name"),
        Text("type"), Text("status"), Time("start_time"), Time("stop_time"), BigInt("duration_ms"),
        Text("map_run_arn"), Text("parent_execution_arn"), Int("redrive_count"), Text("error"), Text("cause"),
        BigInt("event_count"), Bool("history_complete"),
        Time("execution_start_time"), Text("state_machine_version_arn"), Text("state_machine_alias_arn"),
        Text("role_arn"), BigInt("input_bytes"), BigInt("output_bytes"), Text("history_source"),
        Text("account_id"), Text("region"));

    public static TableSchema Events { get; } = new(
        "events",
        Text("execution_arn"), BigInt("event_id"), BigInt("previous_event_id"), Time("timestamp"), Text("type"),
        Text("state_name"), Text("state_type"), Text("resource_type"), Text("resource"), Text("error"), Text("cause"),
        BigInt("timeout_seconds"), BigInt("heartbeat_seconds"), Int("map_iteration_index"), Int("map_length"),
        Text("map_run_arn"), Text("worker_name"), BigInt("input_bytes"), BigInt("output_bytes"), Bool("truncated"),
        Text("input"), Text("output"), Text("details_json"),
        Time("execution_start_time"), Text("role_arn"), Text("task_region"), Int("redrive_count"),
        Text("evaluation_location"), Text("state_machine_version_arn"), Text("state_machine_alias_arn"),
        Text("assigned_variables"), Int("parallel_branch"), Text("account_id"), Text("region"));

    public static TableSchema StateVisits { get; } = new(
        "state_visits",
        Text("execution_arn"), Text("state_machine_name"), Text("state_name"), Text("state_type"),
        BigInt("entered_event_id"), BigInt("exited_event_id"), Time("entered_at"), Time("exited_at"),
        BigInt("duration_ms"), Text("outcome"), Int("attempts"), Text("final_error"), Text("resource"),
        Int("map_iteration_index"), Int("parallel_branch"),
        Time("execution_start_time"), Text("resource_type"), Text("map_run_arn"), Text("parent_state_name"),
        Text("account_id"), Text("region"));

    public static TableSchema TaskAttempts { get; } = new(
        "task_attempts",
        Text("execution_arn"), Text("state_name"), Int("attempt"), Text("resource_type"), Text("resource"),
        Time("scheduled_at"), Time("started_at"), Time("ended_at"), BigInt("queue_ms"), BigInt("run_ms"),
        Text("outcome"), Text("error"),
        Time("execution_start_time"), Text("state_machine_name"), BigInt("scheduled_event_id"),
        BigInt("state_entered_event_id"), Int("map_iteration_index"), Int("parallel_branch"), Text("account_id"), Text("region"));

    public static TableSchema DurableExecutions { get; } = new(
        "durable_executions",
        Text("durable_execution_arn"), Text("function_arn"), Text("function_name"), Text("version"),
        Text("execution_name"), Text("status"), Time("start_time"), Time("end_time"), BigInt("duration_ms"),
        Text("error_type"), Text("error_message"), BigInt("event_count"),
        Time("execution_start_time"), Int("invocation_count"),
        Int("operation_count"), BigInt("execution_timeout_seconds"), Int("pause_count"), Time("last_pause_time"),
        Time("last_resume_time"), Bool("execution_timeout_paused"), Text("account_id"), Text("region"));

    public static TableSchema DurableEvents { get; } = new(
        "durable_events",
        Text("durable_execution_arn"), BigInt("event_id"), Text("operation_id"), Text("parent_id"), Text("name"),
        Text("event_type"), Text("sub_type"), Time("timestamp"), Int("attempt"), BigInt("next_attempt_delay_seconds"),
        Text("error_type"), Text("error_message"), Text("details_json"),
        Time("execution_start_time"), BigInt("payload_bytes"), Text("payload"), Bool("truncated"),
        Text("error_data"), Text("stack_trace"), Text("request_id"), Time("invocation_start_time"),
        Time("invocation_end_time"), BigInt("wait_seconds"), Time("scheduled_end_time"), Text("callback_id"),
        BigInt("timeout_seconds"), BigInt("heartbeat_timeout_seconds"), Text("function_name"),
        Text("chained_execution_arn"), Text("tenant_id"), Text("executed_version"), Time("pause_request_time"),
        Time("resume_request_time"), Bool("execution_timeout_paused"), Text("reason"), Int("retry_current_attempt"),
        Text("account_id"), Text("region"));

    public static TableSchema DurableOperations { get; } = new(
        "durable_operations",
        Text("durable_execution_arn"), Text("operation_id"), Text("parent_id"), Text("name"), Text("type"),
        Text("sub_type"), Text("status"), Time("start_time"), Time("end_time"), BigInt("duration_ms"),
        Int("attempts"), Text("error_type"), Text("error_message"),
        Time("execution_start_time"), BigInt("first_event_id"), BigInt("last_event_id"), Text("details_json"),
        Text("account_id"), Text("region"));

    /// <summary>Distributed Map Runs as DescribeMapRun returns them (the export's, not a history's), partitioned by their
    /// parent execution's start like its other rows.</summary>
    public static TableSchema MapRuns { get; } = new(
        "map_runs",
        Text("map_run_arn"), Text("execution_arn"), Text("state_machine_arn"), Text("status"),
        Time("start_time"), Time("stop_time"), Int("max_concurrency"), Double("tolerated_failure_percentage"),
        BigInt("tolerated_failure_count"),
        BigInt("items_pending"), BigInt("items_running"), BigInt("items_succeeded"), BigInt("items_failed"),
        BigInt("items_timed_out"), BigInt("items_aborted"), BigInt("items_total"), BigInt("items_results_written"),
        BigInt("executions_pending"), BigInt("executions_running"), BigInt("executions_succeeded"),
        BigInt("executions_failed"), BigInt("executions_timed_out"), BigInt("executions_aborted"),
        BigInt("executions_total"), BigInt("executions_results_written"),
        Int("redrive_count"), Time("redrive_date"), BigInt("duration_ms"), Time("execution_start_time"),
        Text("account_id"), Text("region"));

    /// <summary>Every table partitioned by its execution's start, in a stable order.</summary>
    public static IReadOnlyList<TableSchema> All { get; } =
        [Executions, Events, StateVisits, TaskAttempts, MapRuns, DurableExecutions, DurableEvents, DurableOperations];
}
