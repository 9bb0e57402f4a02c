namespace Analytics.Benchmarks;

/// <summary>
/// The SQL of the fair JSON-pages→Parquet comparison. Both sides write the same <c>events</c> columns
/// (<see cref="Columns"/>: every SPEC §5 events column that the page JSON alone determines), with the same COPY
/// options (<see cref="CopyOptions"/>: zstd, Hive partitions by UTC date). The baseline gets them straight from the page
/// JSON with read_json + unnest; ours selects them from the rows the flattener appended.
/// </summary>
internal static class ReadJsonSql
{
    public const string Columns = """
        execution_arn, event_id, previous_event_id, "timestamp", "type", state_name, resource_type, resource, error,
        cause, timeout_seconds, map_iteration_index, map_length, input_bytes, truncated, export_run_id, date
        """;

    public const string CopyOptions = "FORMAT parquet, COMPRESSION zstd, PARTITION_BY (date), FILENAME_PATTERN 'bench-{i}'";

    public static string Copy(string selectSql, string folder) =>
        $"COPY (SELECT {Columns} FROM ({selectSql})) TO {Analytics.DuckDb.DuckDbSql.Literal(folder)} ({CopyOptions})";

    /// <summary>Our side, streamed: the flattener's rows from the batch source, which computes the partition key
    /// (<see cref="Analytics.DuckDb.Streaming.UtcDateColumn"/>), plus the run id, as the dataset writer does.</summary>
    public static string FromSource(string source) => $"SELECT *, 'bench' AS export_run_id FROM {source}";

    /// <summary>Our side, staged (the old path): the staged flattener rows plus the run id and the partition key in SQL.</summary>
    public static string Events(string ndjsonPath) => $"""
        SELECT 'arn:aws:states:us-east-1:123456789012:execution:Orders:run' AS execution_arn,
               e.id AS event_id, e.previousEventId AS previous_event_id, to_timestamp(e."timestamp") AS "timestamp",
               e."type" AS "type",
               coalesce(e.stateEnteredEventDetails."name", e.stateExitedEventDetails."name",
                        e.mapIterationStartedEventDetails."name", e.mapIterationSucceededEventDetails."name") AS state_name,
               coalesce(e.taskScheduledEventDetails.resourceType, e.taskStartedEventDetails.resourceType,
                        e.taskSucceededEventDetails.resourceType, e.taskFailedEventDetails.resourceType) AS resource_type,
               coalesce(e.taskScheduledEventDetails.resource, e.taskStartedEventDetails.resource,
                        e.taskSucceededEventDetails.resource, e.taskFailedEventDetails.resource) AS resource,
               coalesce(e.taskFailedEventDetails.error, e.executionFailedEventDetails.error) AS error,
               coalesce(e.taskFailedEventDetails.cause, e.executionFailedEventDetails.cause) AS cause,
               e.taskScheduledEventDetails.timeoutInSeconds AS timeout_seconds,
               coalesce(e.mapIterationStartedEventDetails."index", e.mapIterationSucceededEventDetails."index") AS map_iteration_index,
               e.mapStateStartedEventDetails."length" AS map_length,
               octet_length(encode(e.taskScheduledEventDetails.parameters)) AS input_bytes,
               coalesce(e.stateEnteredEventDetails.inputDetails.truncated, e.stateExitedEventDetails.outputDetails.truncated,
                        e.taskSucceededEventDetails.outputDetails.truncated) AS truncated,
               'bench' AS export_run_id,
               strftime(to_timestamp(e."timestamp"), '%Y-%m-%d') AS date
        FROM (SELECT unnest(events) AS e FROM read_json({Analytics.DuckDb.DuckDbSql.Literal(ndjsonPath)}, format = 'newline_delimited', sample_size = -1, maximum_object_size = 268435456))
        """;
}
