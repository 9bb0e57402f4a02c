using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading.Channels;
using Analytics.Aws;
using Analytics.Aws.Logs.Model;
using Analytics.Aws.StepFunctions.Model;
using Analytics.Export.Manifest;
using Analytics.Export.Targets;

namespace Analytics.Export.Crawl;

// EXPRESS state machines: Step Functions keeps no history of their executions, so they are read from the CloudWatch
// Logs group DescribeStateMachine names (aws-wire-facts-logs §2), by FilterLogEvents over an event-time window
// (§5's recipe). The window starts at the previous run's watermark minus LogsOverlap (late delivery) minus twice the
// longest Express run (an execution carried over is read again whole); it ends now. Lines are deduplicated by the
// log event id and by (execution_arn, redrive_count, id). An execution is exported when it is complete (at level ALL:
// its terminal event is in and its ids are 1..N; at ERROR/FATAL: its terminal event is in), or when no more of it can
// arrive (its newest line is older than the overlap allows); otherwise it is carried over: the watermark (the newest
// ingestion time seen) stays within reach of it, and the manifest's exported set keeps the next run from exporting
// anything twice.
public sealed partial class ExportJob
{
    /// <summary>Express executions run at most five minutes.</summary>
    private static readonly TimeSpan s_maxExpressRun = TimeSpan.FromMinutes(5);

    private readonly ConcurrentBag<LogTarget> _logTargets = [];

    /// <summary>An EXPRESS state machine that logs, with where to.</summary>
    internal sealed record LogTarget(ExportUnit Unit, string StateMachineArn, string Name, string Level, string LogGroupName);

    /// <summary>Notes an EXPRESS state machine whose logging reaches a log group (level OFF or no destination: nothing to read).</summary>
    private void NoteLogTarget(ExportUnit unit, DescribeStateMachineResponse described)
    {
        if (described.Type != "EXPRESS" || described.LoggingConfiguration is not { Level: { } level and not "OFF" } logging
            || logging.Destinations?.FirstOrDefault()?.CloudWatchLogsLogGroup?.LogGroupArn is not { } groupArn
            || LogGroupName(groupArn) is not { } group)
        {
            return;
        }
        _logTargets.Add(new LogTarget(unit, described.StateMachineArn, described.Name, level, group));
    }

    /// <summary>The name in <c>arn:…:logs:region:account:log-group:NAME:*</c> (the <c>:*</c> optional).</summary>
    internal static string? LogGroupName(string logGroupArn)
    {
        const string marker = ":log-group:";
        var at = logGroupArn.IndexOf(marker, StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }
        var name = logGroupArn[(at + marker.Length)..];
        return name.EndsWith(":*", StringComparison.Ordinal) ? name[..^2] : name;
    }

    private async Task CrawlLogsAsync(ExportUnit unit, AwsClientFactory clients, ManifestState state, ChannelWriter<WriterMessage> units, CancellationToken ct)
    {
        await Parallel.ForEachAsync(_logTargets.Where(t => t.Unit == unit).OrderBy(t => t.StateMachineArn, StringComparer.Ordinal),
            new ParallelOptions { MaxDegreeOfParallelism = 2, CancellationToken = ct }, async (target, token) =>
            {
                var source = new SourceProgress(target.StateMachineArn, SourceKind.Logs, unit);
                try
                {
                    await CrawlLogGroupAsync(clients, state, target, source, units, token).ConfigureAwait(false);
                }
                catch (AwsServiceException e)
                {
                    source.Failed = true;
                    Interlocked.Increment(ref _otherFailures);
                    ExportLog.ListingFailed(_logger, $"{target.StateMachineArn} (log group {target.LogGroupName})", e.Message);
                }
                source.ListingDone = true;
                await units.WriteAsync(new WriterMessage.ListingDone(source), token).ConfigureAwait(false);
            }).ConfigureAwait(false);
    }

    private async Task CrawlLogGroupAsync(AwsClientFactory clients, ManifestState state, LogTarget target, SourceProgress source, ChannelWriter<WriterMessage> units, CancellationToken ct)
    {
        var now = _time.GetUtcNow();
        var previous = state.TryGetWatermark(source.Arn, out var watermark) ? watermark : (DateTimeOffset?)null;
        DateTimeOffset? from = _options.Since;
        if (!_options.Full && previous is { } w)
        {
            var start = w - _options.LogsOverlap - (2 * s_maxExpressRun);
            from = from is { } since && since > start ? since : start;
        }
        var collected = new LogCollector(target, state);
        var request = new FilterLogEventsRequest(LogGroupName: target.LogGroupName, StartTime: from?.ToUnixTimeMilliseconds(), EndTime: now.ToUnixTimeMilliseconds());
        await foreach (var page in clients.Logs.Paginators.FilterLogEvents(request, ct).ConfigureAwait(false))
        {
            using (page)
            {
                foreach (var e in page)
                {
                    collected.Add(e.EventId, e.IngestionTime, e.Message);
                }
            }
        }
        // The source's clock: the newest ingestion seen (never later than now), so an emulator's or a lagging
        // group's time is judged by its own deliveries.
        var reference = collected.NewestIngestion is { } newest && newest < now ? newest : now;
        if (collected.NewestIngestion is null)
        {
            reference = previous ?? now;
        }
        var settled = reference - _options.LogsOverlap - s_maxExpressRun;
        source.NewestKey = previous is { } p && p > reference ? p : reference;
        foreach (var execution in collected.Executions)
        {
            if (!execution.IsComplete(target.Level) && execution.NewestEvent >= settled)
            {
                Interlocked.Increment(ref _carriedOver);
                continue;
            }
            if (!_inFlight.TryClaim(execution.Arn))
            {
                continue;
            }
            if (state.IsExported(execution.Arn, execution.RedriveCount))
            {
                _inFlight.Release(execution.Arn);
                continue;
            }
            source.Scheduled();
            Interlocked.Increment(ref _listed);
            Interlocked.Increment(ref _fetched);
            var unit = new WorkUnit(new FetchRequest(source, execution.Arn, execution.FirstEvent, execution.RedriveCount))
            {
                Logged = execution.Lines(),
            };
            await units.WriteAsync(new WriterMessage.Unit(unit), ct).ConfigureAwait(false);
        }
    }

    private long _carriedOver;

    /// <summary>Express executions whose log lines were read but are not all in yet (they wait for a later run).</summary>
    internal long CarriedOver => Interlocked.Read(ref _carriedOver);

    /// <summary>
    /// The lines of one crawl, by execution: deduplicated by log event id and by (execution_arn, redrive_count, id).
    /// Only the target's own top-level executions are kept (a group may be shared; its Distributed Map children are
    /// linked through their Map Runs instead).
    /// </summary>
    private sealed class LogCollector(LogTarget target, ManifestState state)
    {
        private readonly HashSet<string> _eventIds = new(StringComparer.Ordinal);
        private readonly Dictionary<(string Arn, int Redrive), LoggedExecution> _executions = [];
        private readonly string _prefix = ExpressPrefix(target.StateMachineArn, target.Name);

        public long? NewestIngestionMs { get; private set; }

        public DateTimeOffset? NewestIngestion => NewestIngestionMs is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;

        public IEnumerable<LoggedExecution> Executions => _executions.Values.OrderBy(e => e.FirstEvent).ThenBy(e => e.Arn, StringComparer.Ordinal);

        public void Add(ReadOnlySpan<byte> eventId, long ingestionTime, ReadOnlySpan<byte> message)
        {
            NewestIngestionMs = NewestIngestionMs is { } n && n > ingestionTime ? n : ingestionTime;
            if (!_eventIds.Add(System.Text.Encoding.ASCII.GetString(eventId)) || !TryReadEnvelope(message, out var arn, out var redrive, out var id, out var time, out var type))
            {
                return;
            }
            if (!arn.StartsWith(_prefix, StringComparison.Ordinal) || state.IsExported(arn, redrive))
            {
                return;
            }
            if (!_executions.TryGetValue((arn, redrive), out var execution))
            {
                _executions[(arn, redrive)] = execution = new LoggedExecution(arn, redrive);
            }
            execution.Add(id, time, type, message);
        }

        /// <summary><c>arn:…:states:region:account:express:NAME:</c> (a Map Run child's is <c>NAME/label:</c>).</summary>
        private static string ExpressPrefix(string stateMachineArn, string name)
        {
            var at = stateMachineArn.IndexOf(":stateMachine:", StringComparison.Ordinal);
            return at < 0 ? stateMachineArn : stateMachineArn[..at] + ":express:" + name + ":";
        }

        private static bool TryReadEnvelope(ReadOnlySpan<byte> message, out string arn, out int redrive, out long id, out long time, out string type)
        {
            arn = type = "";
            redrive = 0;
            id = time = -1;
            try
            {
                var reader = new Utf8JsonReader(message);
                if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                {
                    return false;
                }
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var name = reader.ValueSpan;
                    var member = name.SequenceEqual("execution_arn"u8) ? 1 : name.SequenceEqual("redrive_count"u8) ? 2 : name.SequenceEqual("id"u8) ? 3
                        : name.SequenceEqual("event_timestamp"u8) ? 4 : name.SequenceEqual("type"u8) ? 5 : 0;
                    reader.Read();
                    if (member == 0 || reader.TokenType != JsonTokenType.String)
                    {
                        reader.Skip();
                        continue;
                    }
                    var text = reader.GetString()!;
                    switch (member)
                    {
                        case 1: arn = text; break;
                        case 2: _ = int.TryParse(text, out redrive); break;
                        case 3: _ = long.TryParse(text, out id); break;
                        case 4: _ = long.TryParse(text, out time); break;
                        default: type = text; break;
                    }
                }
            }
            catch (JsonException)
            {
                // An unreadable line still goes to its execution when its identity was read; the flattener then
                // quarantines the execution with the reason.
            }
            return arn.Length > 0 && id >= 0;
        }
    }

    /// <summary>One execution's lines as collected, by id.</summary>
    private sealed class LoggedExecution(string arn, int redriveCount)
    {
        private readonly SortedDictionary<long, byte[]> _lines = [];
        private long _firstMs = long.MaxValue;
        private long _newestMs = long.MinValue;
        private bool _terminal;

        public string Arn { get; } = arn;

        public int RedriveCount { get; } = redriveCount;

        public DateTimeOffset FirstEvent => DateTimeOffset.FromUnixTimeMilliseconds(_firstMs == long.MaxValue ? 0 : _firstMs);

        public DateTimeOffset NewestEvent => DateTimeOffset.FromUnixTimeMilliseconds(_newestMs == long.MinValue ? 0 : _newestMs);

        public void Add(long id, long timeMs, string type, ReadOnlySpan<byte> message)
        {
            if (!_lines.TryAdd(id, message.ToArray()))
            {
                return;
            }
            if (timeMs >= 0)
            {
                _firstMs = Math.Min(_firstMs, timeMs);
                _newestMs = Math.Max(_newestMs, timeMs);
            }
            _terminal |= type is "ExecutionSucceeded" or "ExecutionFailed" or "ExecutionAborted" or "ExecutionTimedOut";
        }

        /// <summary>ALL: the terminal event and ids 1..N; ERROR/FATAL log only some events, so the terminal event.</summary>
        public bool IsComplete(string level) =>
            _terminal && (level != "ALL" || (_lines.Keys.First() == 1 && _lines.Keys.Last() == _lines.Count));

        public List<byte[]> Lines() => [.. _lines.Values];
    }
}
