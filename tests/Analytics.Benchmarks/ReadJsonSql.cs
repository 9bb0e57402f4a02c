using Analytics.Core.Schemas;
using Analytics.DuckDb;

namespace Analytics.Benchmarks;

/// <summary>
/// The SQL of the fair JSON-pages→Parquet comparison. Both sides write the same <c>events</c> columns
/// (<see cref="Columns"/>: every SPEC §5 events column that the page JSON alone determines), with the same COPY
/// options (<see cref="CopyOptions"/>: zstd, Hive partitions by UTC date). The baseline gets them straight from the page
/// JSON with read_json + unnest; ours selects them from the rows the flattener appended.
/// <para><see cref="EveryEventColumn"/> is the export line's baseline: every <c>events</c> column the export writes.</para>
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

    /// <summary>COPY options of the every-column baseline: the export's files (zstd, the UTC date of the execution's
    /// start only in the <c>date=</c> folder), with DuckDB's own way to get them, PARTITION_BY.</summary>
    public const string EveryColumnCopyOptions = "FORMAT parquet, COMPRESSION zstd, PARTITION_BY (date), FILENAME_PATTERN 'bench-{i}'";

    public static string CopyEveryColumn(string selectSql, string folder) =>
        $"COPY ({selectSql}) TO {DuckDbSql.Literal(folder)} ({EveryColumnCopyOptions})";

    /// <summary>
    /// Every column of <see cref="TableSchemas.Events"/> (in its order, each cast to its type) plus
    /// <c>export_run_id</c> and <c>date</c>, from the page JSON alone, as the export writes them. What the pages do
    /// not hold is a constant: the account and region (this corpus's ARNs share them), the run id, and the ARN, built
    /// from the page's line (the corpus names execution i <c>run-i</c> and gives each one page: ≤ 1,000 events).
    /// The columns the export fills from the event itself come from its details structs; members this corpus never
    /// sends (heartbeats, Map Runs, variables, …) and the execution data the export leaves out by default are NULL.
    /// The state columns come from the <c>previousEventId</c> graph, as the flattener derives them: a recursive walk
    /// from each page's root (event 0, the parent of its first events) keeps the stack of open states (an *Entered pushes one, with its Map iteration
    /// and Parallel branch; an *Exited pops the innermost open state of its name and type), and each event takes the
    /// state, Map iteration and branch of the innermost open state of the kind it belongs to. With
    /// <paramref name="walk"/> false the walk is left out (<see cref="OwnState"/>): a lower bound of the work.
    /// </summary>
    public static string EveryEventColumn(string ndjsonPath, string runId = "bench", bool walk = true)
    {
        var select = string.Join(",\n       ", TableSchemas.Events.Columns.Select(c =>
            $"CAST({(s_eventColumns.TryGetValue(c.Name, out var sql) ? sql : "NULL")} AS {DuckDbSql.TypeName(c.Type)}) AS {DuckDbSql.Identifier(c.Name)}"));
        return $$"""
            WITH RECURSIVE
            pages AS (
                SELECT row_number() OVER () - 1 AS page, events,
                       to_timestamp(list_filter(events, x -> x."type" = 'ExecutionStarted')[1]."timestamp") AS execution_start_time
                FROM read_json({{DuckDbSql.Literal(ndjsonPath)}}, format = 'newline_delimited', sample_size = -1, maximum_object_size = 268435456)),
            flat AS (
                SELECT *, e.id AS id, e.previousEventId AS prev, e."type" AS t,
                       coalesce(e.stateEnteredEventDetails."name", e.stateExitedEventDetails."name",
                                e.mapIterationStartedEventDetails."name", e.mapIterationSucceededEventDetails."name") AS own_name,
                       coalesce(e.mapIterationStartedEventDetails."index", e.mapIterationSucceededEventDetails."index")::INTEGER AS own_index,
                       CASE WHEN t LIKE '%StateEntered' THEN 'entered' WHEN t LIKE '%StateExited' THEN 'exited'
                            WHEN t LIKE 'Map%' THEN 'Map' WHEN t LIKE 'Parallel%' THEN 'Parallel'
                            WHEN t LIKE 'Execution%' THEN 'execution' WHEN t LIKE 'Task%' THEN 'Task' ELSE 'other' END AS kind,
                       replace(replace(t, 'StateEntered', ''), 'StateExited', '') AS state_type_of,
                       (row_number() OVER (PARTITION BY page, prev ORDER BY id) - 1)::INTEGER AS sibling
                FROM (SELECT page, execution_start_time, unnest(events) AS e FROM pages))
            {{(walk ? "," + Walk : "")}}
            SELECT {{select}},
                   {{DuckDbSql.Literal(runId)}} AS export_run_id,
                   strftime(execution_start_time AT TIME ZONE 'UTC', '%Y-%m-%d') AS date
            FROM {{(walk ? "flat JOIN walk USING (page, id)" : OwnState)}}
            """;
    }

    /// <summary>The recursive walk over the <c>previousEventId</c> graph: each event's <c>owner</c> state.</summary>
    private const string Walk = """
        walk AS (
            SELECT page, 0::BIGINT AS id, NULL::VARCHAR AS t, NULL::INTEGER AS own_index,
                   []::STRUCT(name VARCHAR, type VARCHAR, iter INTEGER, branch INTEGER)[] AS scope,
                   NULL::INTEGER AS ctx_iter, NULL::INTEGER AS ctx_branch,
                   NULL::STRUCT(name VARCHAR, type VARCHAR, iter INTEGER, branch INTEGER) AS owner
            FROM pages
            UNION ALL
            SELECT page, id, t, own_index,
                   CASE kind WHEN 'entered' THEN CASE WHEN state_type_of = 'Fail' THEN s ELSE list_append(s, v) END
                             WHEN 'exited' THEN CASE WHEN k IS NULL THEN s ELSE s[1:k - 1] END
                             WHEN 'Map' THEN CASE WHEN k IS NULL THEN s ELSE s[1:k] END
                             WHEN 'Parallel' THEN CASE WHEN k IS NULL THEN s ELSE s[1:k] END
                             ELSE s END,
                   CASE kind WHEN 'entered' THEN v.iter WHEN 'exited' THEN CASE WHEN k IS NULL THEN ctx_iter ELSE s[k].iter END ELSE ctx_iter END,
                   CASE kind WHEN 'entered' THEN v.branch WHEN 'exited' THEN CASE WHEN k IS NULL THEN ctx_branch ELSE s[k].branch END ELSE ctx_branch END,
                   CASE kind WHEN 'entered' THEN v WHEN 'execution' THEN NULL WHEN 'other' THEN s[-1] ELSE s[k] END
            FROM (
                SELECT c.page, c.id, c.t, c.own_index, c.kind, c.state_type_of, p.scope AS s, p.ctx_iter, p.ctx_branch,
                       list_max(list_transform(p.scope, (x, i) -> CASE WHEN x.type = CASE c.kind WHEN 'exited' THEN c.state_type_of ELSE c.kind END
                                                                       AND (c.kind <> 'exited' OR x.name = c.own_name) THEN i END)) AS k,
                       {'name': c.own_name, 'type': c.state_type_of,
                        'iter': CASE p.t WHEN 'MapIterationStarted' THEN p.own_index WHEN 'MapStateStarted' THEN p.scope[-1].iter
                                         WHEN 'ParallelStateStarted' THEN p.scope[-1].iter ELSE p.ctx_iter END,
                        'branch': CASE p.t WHEN 'ParallelStateStarted' THEN c.sibling
                                           WHEN 'MapIterationStarted' THEN p.scope[-1].branch WHEN 'MapStateStarted' THEN p.scope[-1].branch
                                           ELSE p.ctx_branch END} AS v
                FROM walk p JOIN flat c ON c.page = p.page AND c.prev = p.id))
        """;

    /// <summary>Without the walk (a lower bound of the baseline's work, not the export's output): an event's state is
    /// only the one it names itself (*Entered, *Exited), with no Map iteration or Parallel branch.</summary>
    private const string OwnState = """
        (SELECT *, CASE WHEN kind IN ('entered', 'exited')
                        THEN {'name': own_name, 'type': state_type_of, 'iter': NULL::INTEGER, 'branch': NULL::INTEGER} END AS owner
         FROM flat) AS flat
        """;

    /// <summary>The expressions of <see cref="EveryEventColumn"/> over <c>flat</c> (the event <c>e</c>, its page) and
    /// <c>walk</c> (its state <c>owner</c>); a schema column not named here is NULL.</summary>
    private static readonly Dictionary<string, string> s_eventColumns = new(StringComparer.Ordinal)
    {
        ["execution_arn"] = "'arn:aws:states:us-east-1:123456789012:execution:Orders:run-' || lpad(page::VARCHAR, 7, '0')",
        ["event_id"] = "e.id",
        ["previous_event_id"] = "e.previousEventId",
        ["timestamp"] = "to_timestamp(e.\"timestamp\")",
        ["type"] = "flat.t",
        ["state_name"] = "coalesce(own_name, owner.name)",
        ["state_type"] = "owner.type",
        ["resource_type"] = "coalesce(e.taskScheduledEventDetails.resourceType, e.taskStartedEventDetails.resourceType, e.taskSucceededEventDetails.resourceType, e.taskFailedEventDetails.resourceType)",
        ["resource"] = "coalesce(e.taskScheduledEventDetails.resource, e.taskStartedEventDetails.resource, e.taskSucceededEventDetails.resource, e.taskFailedEventDetails.resource)",
        ["error"] = "coalesce(e.taskFailedEventDetails.error, e.executionFailedEventDetails.error)",
        ["cause"] = "coalesce(e.taskFailedEventDetails.cause, e.executionFailedEventDetails.cause)",
        ["timeout_seconds"] = "e.taskScheduledEventDetails.timeoutInSeconds",
        ["map_iteration_index"] = "CASE WHEN owner.iter IS NOT NULL AND flat.t NOT LIKE 'MapIteration%' THEN owner.iter ELSE flat.own_index END",
        ["map_length"] = "e.mapStateStartedEventDetails.\"length\"",
        ["input_bytes"] = "octet_length(encode(e.taskScheduledEventDetails.parameters))",
        ["truncated"] = "coalesce(e.executionStartedEventDetails.inputDetails.truncated, e.stateEnteredEventDetails.inputDetails.truncated, e.stateExitedEventDetails.outputDetails.truncated, e.taskSucceededEventDetails.outputDetails.truncated, e.executionSucceededEventDetails.outputDetails.truncated)",
        ["execution_start_time"] = "execution_start_time",
        ["role_arn"] = "e.executionStartedEventDetails.roleArn",
        ["task_region"] = "e.taskScheduledEventDetails.region",
        ["parallel_branch"] = "owner.branch",
        ["account_id"] = "'123456789012'",
        ["region"] = "'us-east-1'",
    };
}
