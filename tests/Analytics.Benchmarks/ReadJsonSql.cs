namespace Analytics.Benchmarks;

/// <summary>The DuckDB-only baseline: the events columns straight from the page JSON with read_json + unnest.</summary>
internal static class ReadJsonSql
{
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
               coalesce(e.stateEnteredEventDetails.inputDetails.truncated, e.stateExitedEventDetails.outputDetails.truncated,
                        e.taskSucceededEventDetails.outputDetails.truncated) AS truncated
        FROM (SELECT unnest(events) AS e FROM read_json({Analytics.DuckDb.DuckDbSql.Literal(ndjsonPath)}, format = 'newline_delimited', sample_size = -1, maximum_object_size = 268435456))
        """;
}
