using System.Buffers;
using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Analytics.Emulator.Simulation;
using Analytics.Emulator.Simulation.Logs;

namespace Analytics.Emulator.Http.Logs;

internal sealed partial class LogsApi
{
    /// <summary>Concurrent Logs Insights queries per account (aws-wire-facts-logs §4).</summary>
    public const int MaxRunningQueries = 100;

    private readonly ConcurrentDictionary<string, InsightsQuery> _queries = new(StringComparer.Ordinal);
    private long _queryCount;

    /// <summary>
    /// A query runs when first polled: the first GetQueryResults answers `Running` (no rows), later ones `Complete`
    /// with every row, so a client must poll as it would against AWS. StopQuery before that cancels it.
    /// </summary>
    private sealed class InsightsQuery(LogGroup[] groups, long startMs, long endMs, LogsQuery query, int limit)
    {
        public LogGroup[] Groups { get; } = groups;

        public long StartMs { get; } = startMs;

        public long EndMs { get; } = endMs;

        public LogsQuery Query { get; } = query;

        public int Limit { get; } = limit;

        public string Status { get; set; } = "Running";

        public int Polls { get; set; }
    }

    private void StartQuery(LogsInput input, Utf8JsonWriter output)
    {
        var name = input.String("logGroupName", 512);
        var names = input.Strings("logGroupNames", 50);
        var identifiers = input.Strings("logGroupIdentifiers", 50);
        if ((name is null ? 0 : 1) + (names is null ? 0 : 1) + (identifiers is null ? 0 : 1) != 1)
        {
            throw LogsErrors.InvalidParameter("Exactly one of logGroupName, logGroupNames and logGroupIdentifiers must be given");
        }
        if (identifiers?.Any(id => id.EndsWith(":*", StringComparison.Ordinal)) == true)
        {
            throw LogsErrors.InvalidParameter("Log group ARNs in logGroupIdentifiers must not end with ':*'");
        }
        var groups = (name is not null ? [name] : names ?? identifiers!.Select(NameOf)).Select(n => world.Logs.Find(n) ?? throw LogsErrors.LogGroupNotFound()).ToArray();
        var start = input.Long("startTime", 0, long.MaxValue / 1000) ?? throw LogsErrors.InvalidParameter("startTime is required");
        var end = input.Long("endTime", 0, long.MaxValue / 1000) ?? throw LogsErrors.InvalidParameter("endTime is required");
        if (end < start)
        {
            throw LogsErrors.InvalidParameter("endTime must be greater than or equal to startTime");
        }
        var text = input.String("queryString", 10_000) ?? throw LogsErrors.InvalidParameter("queryString is required");
        if ((input.String("queryLanguage") ?? "CWLI") != "CWLI")
        {
            throw LogsErrors.MalformedQuery("The emulator runs Logs Insights QL (CWLI) queries only");
        }
        var query = LogsQuery.Parse(text);
        var limit = (int)(input.Long("limit", 1, 10_000) ?? 10_000);
        if (_queries.Values.Count(q => q.Status == "Running") >= MaxRunningQueries)
        {
            throw LogsErrors.LimitExceeded($"Account maximum query concurrency limit of [{MaxRunningQueries}] reached.");
        }
        // Seconds, both ends inclusive: [start s, end s + 999 ms].
        var id = SimRandom.For(seed, 0x51E7, (ulong)Interlocked.Increment(ref _queryCount)).NextUuid();
        _queries[id] = new InsightsQuery(groups, start * 1000, end * 1000 + 999, query, Math.Min(limit, query.Limit ?? limit));
        output.WriteStartObject();
        output.WriteString("queryId", id);
        output.WriteEndObject();
    }

    private void GetQueryResults(LogsInput input, Utf8JsonWriter output)
    {
        var id = input.String("queryId", 256) ?? throw LogsErrors.InvalidParameter("queryId is required");
        var query = _queries.TryGetValue(id, out var found) ? found : throw LogsErrors.QueryNotFound(id);
        output.WriteStartObject();
        lock (query)
        {
            if (query.Status == "Running" && query.Polls++ > 0)
            {
                query.Status = "Complete";
            }
            output.WriteStartArray("results");
            var (scanned, matched, bytes) = query.Status == "Complete" ? WriteRows(output, query) : (0L, 0L, 0L);
            output.WriteEndArray();
            output.WriteStartObject("statistics");
            output.WriteNumber("recordsMatched", (double)matched);
            output.WriteNumber("recordsScanned", (double)scanned);
            output.WriteNumber("estimatedRecordsSkipped", 0d);
            output.WriteNumber("bytesScanned", (double)bytes);
            output.WriteNumber("estimatedBytesSkipped", 0d);
            output.WriteNumber("logGroupsScanned", (double)query.Groups.Length);
            output.WriteEndObject();
            output.WriteString("status", query.Status);
        }
        output.WriteEndObject();
    }

    private void StopQuery(LogsInput input, Utf8JsonWriter output)
    {
        var id = input.String("queryId", 256) ?? throw LogsErrors.InvalidParameter("queryId is required");
        var query = _queries.TryGetValue(id, out var found) ? found : throw LogsErrors.QueryNotFound(id);
        lock (query)
        {
            if (query.Status != "Running")
            {
                throw LogsErrors.InvalidParameter($"Query {id} is not running (status {query.Status})");
            }
            query.Status = "Cancelled";
        }
        output.WriteStartObject();
        output.WriteBoolean("success", true);
        output.WriteEndObject();
    }

    /// <summary>Runs the query over its groups and window, writing up to its limit of rows.</summary>
    private (long Scanned, long Matched, long Bytes) WriteRows(Utf8JsonWriter output, InsightsQuery query)
    {
        var rows = new List<(LogEventRecord Event, LogGroup Group)>();
        var message = new ArrayBufferWriter<byte>(1024);
        long scanned = 0, bytes = 0;
        var last = Math.Min(query.EndMs, world.Now.ToUnixTimeMilliseconds());
        foreach (var group in query.Groups)
        {
            for (var hour = Math.Max(group.FirstHourMs, query.StartMs / LogGroup.HourMs * LogGroup.HourMs); hour <= last; hour += LogGroup.HourMs)
            {
                foreach (var e in group.EventsInHour(hour))
                {
                    if (e.Timestamp < query.StartMs || e.Timestamp > query.EndMs)
                    {
                        continue;
                    }
                    e.WriteMessage(message);
                    scanned++;
                    bytes += message.WrittenCount;
                    if (query.Query.Where is not { } where
                        || (LogsQuery.Value(where.Field, e, group.Name, world.AccountId, Encoding.UTF8.GetString(message.WrittenSpan)) == where.Value) != where.Negated)
                    {
                        rows.Add((e, group));
                    }
                }
            }
        }
        var ordered = query.Query.Descending ? rows.OrderByDescending(r => r.Event.SortKey) : rows.OrderBy(r => r.Event.SortKey);
        foreach (var (e, group) in ordered.Take(query.Limit))
        {
            e.WriteMessage(message);
            var text = Encoding.UTF8.GetString(message.WrittenSpan);
            output.WriteStartArray();
            foreach (var field in query.Query.Fields.Append("@ptr").Distinct())
            {
                output.WriteStartObject();
                output.WriteString("field", field);
                output.WriteString("value", LogsQuery.Value(field, e, group.Name, world.AccountId, text));
                output.WriteEndObject();
            }
            output.WriteEndArray();
        }
        return (scanned, rows.Count, bytes);
    }
}
