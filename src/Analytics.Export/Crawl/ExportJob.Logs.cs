using System.Buffers;
using System.Buffers.Text;
using System.Text;
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
// longest Express run (an execution carried over is read again whole); it ends now. Lines are deduplicated by
// (execution_arn, redrive_count, id). An execution is exported when it is complete (at level ALL: its terminal event
// is in and its ids are 1..N, known as soon as its last line is read; at ERROR/FATAL: its terminal event is in, judged
// at the end of the pass that read it), or when no more of it can
// arrive (its newest line is older than the overlap allows); otherwise it is carried over: the watermark (the newest
// ingestion time seen) stays within reach of it, and the manifest's exported set keeps the next run from exporting
// anything twice.
public sealed partial class ExportJob
{
    /// <summary>Express executions run at most five minutes.</summary>
    private static readonly TimeSpan s_maxExpressRun = TimeSpan.FromMinutes(5);

    /// <summary>A state machine that logs, with where to: an EXPRESS one's executions, and the EXPRESS children of its
    /// Distributed Maps, are read from there.</summary>
    internal sealed record LogTarget(string StateMachineArn, string Name, string Level, string LogGroupName, bool Express, DateTimeOffset Created)
    {
        /// <summary>The crawl's watermark: a STANDARD machine's listing has one under its own ARN already.</summary>
        public string WatermarkKey => Express ? StateMachineArn : StateMachineArn + "#logs";
    }

    /// <summary>The log group a state machine's logging reaches (none at level OFF or without a destination: nothing to read).</summary>
    private static LogTarget? LogTargetOf(DescribeStateMachineResponse described) =>
        described.LoggingConfiguration is { Level: { } level and not "OFF" } logging
            && logging.Destinations?.FirstOrDefault()?.CloudWatchLogsLogGroup?.LogGroupArn is { } groupArn
            && LogGroupName(groupArn) is { } group
            ? new LogTarget(described.StateMachineArn, described.Name, level, group, described.Type == "EXPRESS", described.CreationDate)
            : null;

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

    private async Task CrawlLogsAsync(ExportUnit unit, List<LogTarget> targets, Dictionary<string, SourceProgress> listings, AwsClientFactory clients, ExpressChildLogs childLogs, ManifestState state, ChannelWriter<WriterMessage> units, CancellationToken ct)
    {
        await Parallel.ForEachAsync(targets.OrderBy(t => t.StateMachineArn, StringComparer.Ordinal),
            new ParallelOptions { MaxDegreeOfParallelism = 2, CancellationToken = ct }, async (target, token) =>
            {
                var source = new SourceProgress(target.WatermarkKey, SourceKind.Logs, unit)
                {
                    LinesTakenBy = target.Express ? null : listings.GetValueOrDefault(target.StateMachineArn),
                };
                var read = false;
                try
                {
                    await CrawlLogGroupAsync(clients, childLogs, state, target, source, units, token).ConfigureAwait(false);
                    read = !source.Failed;
                }
                catch (AwsServiceException e)
                {
                    source.Failed = true;
                    Interlocked.Increment(ref _otherFailures);
                    ExportLog.ListingFailed(_logger, $"{target.StateMachineArn} (log group {target.LogGroupName})", e.Message);
                }
                finally
                {
                    childLogs.Crawled(target.StateMachineArn, failed: !read);
                }
                source.ListingDone = true;
                await units.WriteAsync(new WriterMessage.ListingDone(source), token).ConfigureAwait(false);
            }).ConfigureAwait(false);
    }

    private async Task CrawlLogGroupAsync(AwsClientFactory clients, ExpressChildLogs childLogs, ManifestState state, LogTarget target, SourceProgress source, ChannelWriter<WriterMessage> units, CancellationToken ct)
    {
        var now = _time.GetUtcNow();
        var previous = state.TryGetWatermark(source.Arn, out var watermark) ? watermark : (DateTimeOffset?)null;
        DateTimeOffset? from = _options.Since;
        if (!_options.Full && previous is { } w)
        {
            var start = w - _options.LogsOverlap - (2 * s_maxExpressRun);
            from = from is { } since && since > start ? since : start;
        }
        if (from is { } f && PendingChildrenStart(state, target.StateMachineArn) is { } pending && pending < f)
        {
            // EXPRESS Map Run children an earlier run could not read (this group failed then) wait for this crawl.
            from = pending;
        }
        childLogs.WindowStarts(target.StateMachineArn, from);
        var collected = new LogCollector(target, state);
        // The window is read one pass (LogsSlices hours) at a time, and what a pass completes leaves the collector
        // before the next: it holds a pass's lines plus the executions still open at its end, not the whole window's
        // (which grew the export's memory with the log group's size: ~10 KB per Express execution). At level ALL an
        // execution leaves as soon as it is complete, after the page that completed it: the collector then holds
        // only the executions in flight at the slices' read positions (a pass's: 136,031 executions, 0.6 GB of lines
        // in the 1M world). Within a pass, one
        // nextToken chain would wait a round trip per page, well under the FilterLogEvents quota: the pass is read as
        // slices side by side, each its own chain, paced together by the Logs limiter. The collector deduplicates.
        // A pass whose reading failed for good fails the source (its watermark stays: the next run reads the window
        // again) but not the passes after it, so a long window gets read across runs under sustained faults. An
        // execution any of whose lines may be in a failed pass (its 5 minutes before its newest line overlap it) waits.
        var failed = new List<(long? Start, long End)>();
        bool Clean(LoggedExecution e)
        {
            var (first, last) = ((e.NewestEvent - s_maxExpressRun).ToUnixTimeMilliseconds(), e.NewestEvent.ToUnixTimeMilliseconds());
            return failed.TrueForAll(f => f.End < first || f.Start > last);
        }
        async Task EmitCompleteAsync(CancellationToken token)
        {
            var (executions, children, held) = collected.TakeComplete();
            foreach (var child in children)
            {
                PutChild(childLogs, child);
            }
            RecordLogsHeld(held);
            await ScheduleLoggedAsync(executions, state, source, units, token).ConfigureAwait(false);
        }
        foreach (var pass in Passes(from?.ToUnixTimeMilliseconds(), target.Created.ToUnixTimeMilliseconds(), now.ToUnixTimeMilliseconds(), _options.LogsSlices))
        {
            var slices = Slices(pass.Start, target.Created.ToUnixTimeMilliseconds(), pass.End, _options.LogsSlices);
            try
            {
                await ReadPassAsync(clients, target, slices, collected, EmitCompleteAsync, ct).ConfigureAwait(false);
            }
            catch (AwsServiceException e)
            {
                failed.Add(pass);
                source.Failed = true;
                Interlocked.Increment(ref _otherFailures);
                ExportLog.ListingFailed(_logger, $"{target.StateMachineArn} (log group {target.LogGroupName})", e.Message);
            }
            RecordLogsHeld(collected.Held());
            foreach (var child in collected.TakeChildren(c => c.IsComplete(target.Level) && Clean(c)))
            {
                PutChild(childLogs, child);
            }
            await ScheduleLoggedAsync(collected.TakeExecutions(e => e.IsComplete(target.Level) && Clean(e)), state, source, units, ct).ConfigureAwait(false);
            collected.EndPass();
        }
        if (source.Failed)
        {
            // What is not complete waits for the next run, which reads the window again.
            collected.ForgetSuperseded(childLogs);
            return;
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
        foreach (var child in collected.TakeChildren(c => c.NewestEvent < settled))
        {
            PutChild(childLogs, child);
        }
        collected.ForgetSuperseded(childLogs);
        var carried = collected.TakeExecutions(e => e.NewestEvent >= settled);
        Interlocked.Add(ref _carriedOver, carried.Count);
        await ScheduleLoggedAsync(collected.TakeExecutions(_ => true), state, source, units, ct).ConfigureAwait(false);
    }

    /// <summary>A Map Run child whose lines are all in (or will not come) goes to the spill file its fetch reads.</summary>
    private void PutChild(ExpressChildLogs childLogs, LoggedExecution child)
    {
        using var lines = child.TakeLines();
        childLogs.Put(child.Arn, child.RedriveCount, lines);
        Interlocked.Increment(ref _expressChildrenPut);
    }

    /// <summary>The earliest start of the pending EXPRESS Map Run children that log to this state machine's group.</summary>
    private static DateTimeOffset? PendingChildrenStart(ManifestState state, string stateMachineArn) =>
        state.PendingUnits().SelectMany(parts => parts)
            .Where(p => p.Kind == PendingFetch.ExpressChildKind && ExpressChildLogs.StateMachineOf(p.MapRun!) == stateMachineArn)
            .Min(p => p.StartDate);

    /// <summary>Reads one pass: its slices side by side, each its own nextToken chain, <paramref name="afterPage"/>
    /// after each page.</summary>
    private async Task ReadPassAsync(AwsClientFactory clients, LogTarget target, List<(long? Start, long End)> slices, LogCollector collected, Func<CancellationToken, Task> afterPage, CancellationToken ct) =>
        await Parallel.ForEachAsync(slices, new ParallelOptions { MaxDegreeOfParallelism = slices.Count, CancellationToken = ct },
            async (slice, token) => await ReadSliceAsync(clients, target, slice, collected, afterPage, token).ConfigureAwait(false)).ConfigureAwait(false);

    /// <summary>
    /// One slice's nextToken chain. A page whose call used up its retries on transient errors (throttling, 5xx, a
    /// reset or cut response) is asked for again from the same token, up to <see cref="MaxSliceResumes"/> times in a row: a
    /// day's window is hundreds of calls, so under sustained faults one of them nearly always runs out of retries, and
    /// failing the pass for it left the window unread run after run. A refusal (no retry) fails it at once.
    /// </summary>
    private async Task ReadSliceAsync(AwsClientFactory clients, LogTarget target, (long? Start, long End) slice, LogCollector collected, Func<CancellationToken, Task> afterPage, CancellationToken ct)
    {
        var request = new FilterLogEventsRequest(LogGroupName: target.LogGroupName, StartTime: slice.Start, EndTime: slice.End);
        for (var resumes = 0; ; resumes++)
        {
            try
            {
                await foreach (var page in clients.Logs.Paginators.FilterLogEvents(request, ct).ConfigureAwait(false))
                {
                    using (page)
                    {
                        foreach (var e in page)
                        {
                            collected.Add(e.IngestionTime, e.Message);
                        }
                        request = request with { NextToken = page.NextToken };
                        resumes = 0;
                    }
                    await afterPage(ct).ConfigureAwait(false);
                }
                return;
            }
            catch (PaginationTokenExpiredException) when (resumes < MaxSliceResumes)
            {
                ExportLog.TokenExpired(_logger, "FilterLogEvents", target.LogGroupName);
                Interlocked.Increment(ref _paginationRestarts);
                request = request with { NextToken = null };
            }
            catch (AwsServiceException e) when (e.Attempts > 1 && resumes < MaxSliceResumes && !ct.IsCancellationRequested)
            {
                // From the page that failed (the collector deduplicates whatever comes twice).
            }
        }
    }

    private const int MaxSliceResumes = 4;

    /// <summary>Hands the collected executions to the writer, each unless this run scheduled or exported it already.</summary>
    private async Task ScheduleLoggedAsync(List<LoggedExecution> executions, ManifestState state, SourceProgress source, ChannelWriter<WriterMessage> units, CancellationToken ct)
    {
        foreach (var execution in executions)
        {
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
                Logged = execution.TakeLines(),
            };
            await units.WriteAsync(new WriterMessage.Unit(unit), ct).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The window <c>[from, end]</c> (epoch ms, both inclusive) cut into passes of <paramref name="slices"/> hours,
    /// oldest first, each read whole before the next; the first stays open at the start when <paramref name="from"/>
    /// is (a full run: from the state machine's creation).
    /// </summary>
    internal static List<(long? Start, long End)> Passes(long? from, long created, long end, int slices)
    {
        var first = from ?? Math.Min(created, end);
        var width = Math.Max(1, slices) * 3_600_000L;
        var passes = new List<(long? Start, long End)>();
        for (var start = first; ; start += width)
        {
            var last = end - start < width;
            passes.Add((start == first ? from : start, last ? end : start + width - 1));
            if (last)
            {
                return passes;
            }
        }
    }

    /// <summary>
    /// The window <c>[from, end]</c> (epoch ms, both inclusive as FilterLogEvents takes them) cut into at most
    /// <paramref name="count"/> slices of at least an hour. A window with no start (a full run) is cut from the state
    /// machine's creation (nothing of it can be older); its first slice stays open at the start.
    /// </summary>
    internal static List<(long? Start, long End)> Slices(long? from, long created, long end, int count)
    {
        var first = from ?? Math.Min(created, end);
        var n = (int)Math.Clamp((end - first) / 3_600_000, 1, count);
        var width = (end - first + 1) / n;
        var slices = new List<(long? Start, long End)>(n);
        for (var i = 0; i < n; i++)
        {
            slices.Add((i == 0 ? from : first + (i * width), i == n - 1 ? end : first + ((i + 1) * width) - 1));
        }
        return slices;
    }

    private long _carriedOver;
    private long _logsPeakHeld;
    private long _logsPeakLinesHeld;
    private long _expressChildrenPut;

    /// <summary>EXPRESS Map Run children the log crawls put for their Map Runs' fetches (to the spill file, not memory).</summary>
    internal long ExpressChildrenPut => Interlocked.Read(ref _expressChildrenPut);

    /// <summary>The most top-level Express executions one log crawl held at once (after a page, and after a pass).</summary>
    internal long LogsPeakHeld => Interlocked.Read(ref _logsPeakHeld);

    /// <summary>The most lines (top-level executions' and Map Run children's) one log crawl held at once.</summary>
    internal long LogsPeakLinesHeld => Interlocked.Read(ref _logsPeakLinesHeld);

    private void RecordLogsHeld((int Executions, long Lines) held)
    {
        RaisePeak(ref _logsPeakHeld, held.Executions);
        RaisePeak(ref _logsPeakLinesHeld, held.Lines);
    }

    private static void RaisePeak(ref long peak, long held)
    {
        for (var seen = Interlocked.Read(ref peak); held > seen; seen = Interlocked.Read(ref peak))
        {
            Interlocked.CompareExchange(ref peak, held, seen);
        }
    }

    /// <summary>Express executions whose log lines were read but are not all in yet (they wait for a later run).</summary>
    internal long CarriedOver => Interlocked.Read(ref _carriedOver);

    /// <summary>
    /// The lines of one crawl, by execution: deduplicated by (execution_arn, redrive_count, id), and a line of an
    /// execution this pass already handed on is dropped (passes cover disjoint event times: none of its lines, nor a
    /// page read again, can come in the next). Only the target's own executions are kept (a group may be shared): its
    /// top-level ones, and apart the EXPRESS children of its Distributed Maps (<c>express:NAME/label:…</c>,
    /// aws-wire-facts-logs §1 ❓), which their parents' Map Run fetches take. At level ALL an execution or child is
    /// set aside as complete by the line that completes it (<see cref="TakeComplete"/>); at ERROR/FATAL completeness
    /// waits for the pass's end (a terminal event may be read before lines of the same execution in another slice).
    /// </summary>
    private sealed class LogCollector(LogTarget target, ManifestState state)
    {
        private readonly HashSet<(string Arn, int Redrive)> _handedOn = [];
        private readonly Dictionary<(string Arn, int Redrive), LoggedExecution> _executions = [];
        private readonly Dictionary<(string Arn, int Redrive), LoggedExecution> _children = [];
        private List<LoggedExecution> _completeExecutions = [];
        private List<LoggedExecution> _completeChildren = [];
        private readonly string _machine = ExpressMachine(target.StateMachineArn, target.Name);
        private readonly bool _early = target.Level == "ALL";
        private long _linesHeld;

        public long? NewestIngestionMs { get; private set; }

        /// <summary>Top-level executions held, and lines held of them and of children (those set aside as complete
        /// included), read together.</summary>
        public (int Executions, long Lines) Held()
        {
            lock (_handedOn)
            {
                return (_executions.Count + _completeExecutions.Count, _linesHeld);
            }
        }

        public DateTimeOffset? NewestIngestion => NewestIngestionMs is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;

        /// <summary>Removes and returns the top-level executions that match, oldest first.</summary>
        public List<LoggedExecution> TakeExecutions(Func<LoggedExecution, bool> which)
        {
            lock (_handedOn)
            {
                return Oldest(Take(_executions, which));
            }
        }

        /// <summary>The Map Run children whose newest redrive (it reuses the ARN, aws-wire-facts-logs §1) matches: that
        /// redrive of each, every redrive of them removed.</summary>
        public List<LoggedExecution> TakeChildren(Func<LoggedExecution, bool> which)
        {
            lock (_handedOn)
            {
                var newest = _children.Values.GroupBy(c => c.Arn, StringComparer.Ordinal).Select(g => g.MaxBy(c => c.RedriveCount)!).Where(which).ToList();
                var arns = newest.Select(c => c.Arn).ToHashSet(StringComparer.Ordinal);
                Take(_children, c => arns.Contains(c.Arn));
                return newest;
            }
        }

        /// <summary>The top-level executions and children set aside as complete since the last call (level ALL), and
        /// what stays held once they are taken: the open ones, read in the same lock (read after it, the figure took in
        /// whatever pages the other slices added meanwhile, which is up to a page per slice, not what the crawl keeps).</summary>
        public (List<LoggedExecution> Executions, List<LoggedExecution> Children, (int Executions, long Lines) Held) TakeComplete()
        {
            List<LoggedExecution> executions, children;
            (int, long) held;
            lock (_handedOn)
            {
                (executions, children) = (_completeExecutions, _completeChildren);
                (_completeExecutions, _completeChildren) = ([], []);
                _linesHeld -= executions.Sum(e => (long)e.Count) + children.Sum(c => (long)c.Count);
                held = (_executions.Count, _linesHeld);
            }
            return (Oldest(executions), children, held);
        }

        /// <summary>Children still held whose older redrive may have been put: that one's lines are not theirs.</summary>
        public void ForgetSuperseded(ExpressChildLogs childLogs)
        {
            lock (_handedOn)
            {
                foreach (var child in _children.Values.Where(c => c.RedriveCount > 0))
                {
                    childLogs.Forget(child.Arn, child.RedriveCount);
                }
            }
        }

        public void EndPass()
        {
            lock (_handedOn)
            {
                _handedOn.Clear();
            }
        }

        private static List<LoggedExecution> Oldest(List<LoggedExecution> executions) =>
            [.. executions.OrderBy(e => e.FirstEvent).ThenBy(e => e.Arn, StringComparer.Ordinal)];

        private List<LoggedExecution> Take(Dictionary<(string Arn, int Redrive), LoggedExecution> from, Func<LoggedExecution, bool> which)
        {
            var taken = from.Values.Where(which).ToList();
            foreach (var execution in taken)
            {
                from.Remove((execution.Arn, execution.RedriveCount));
                _handedOn.Add((execution.Arn, execution.RedriveCount));
                _linesHeld -= execution.Count;
            }
            return taken;
        }

        /// <summary>Thread-safe (the window's slices are read side by side): the line is read outside the lock.</summary>
        public void Add(long ingestionTime, ReadOnlySpan<byte> message)
        {
            var read = TryReadEnvelope(message, out var arn, out var redrive, out var id, out var time, out var terminal);
            var child = read && arn.Length > _machine.Length && arn.StartsWith(_machine, StringComparison.Ordinal) && arn[_machine.Length] == '/';
            var own = child || (read && arn.Length > _machine.Length && arn.StartsWith(_machine, StringComparison.Ordinal) && arn[_machine.Length] == ':'
                && !state.IsExported(arn, redrive));
            lock (_handedOn)
            {
                NewestIngestionMs = NewestIngestionMs is { } n && n > ingestionTime ? n : ingestionTime;
                if (!own || _handedOn.Contains((arn, redrive)))
                {
                    return;
                }
                var executions = child ? _children : _executions;
                if (!executions.TryGetValue((arn, redrive), out var execution))
                {
                    executions[(arn, redrive)] = execution = new LoggedExecution(arn, redrive);
                }
                if (!execution.Add(id, time, terminal, message))
                {
                    return;
                }
                _linesHeld++;
                if (_early && execution.IsComplete(target.Level))
                {
                    executions.Remove((arn, redrive));
                    _handedOn.Add((arn, redrive));
                    (child ? _completeChildren : _completeExecutions).Add(execution);
                }
            }
        }

        /// <summary><c>arn:…:states:region:account:express:NAME</c>, followed by <c>:</c> in its executions' ARNs and by
        /// <c>/label:</c> in its Map Run children's.</summary>
        private static string ExpressMachine(string stateMachineArn, string name)
        {
            var at = stateMachineArn.IndexOf(":stateMachine:", StringComparison.Ordinal);
            return at < 0 ? stateMachineArn : stateMachineArn[..at] + ":express:" + name;
        }

        /// <summary>The line's identity, its time and whether it ends the execution; only the ARN becomes a string.</summary>
        private static bool TryReadEnvelope(ReadOnlySpan<byte> message, out string arn, out int redrive, out long id, out long time, out bool terminal)
        {
            arn = "";
            redrive = 0;
            id = time = -1;
            terminal = false;
            Span<byte> unescaped = stackalloc byte[64];
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
                    if (member == 1)
                    {
                        arn = reader.GetString()!;
                        continue;
                    }
                    // The other members' values are digits or a type name: unescaped (no string) unless escaped.
                    var text = !reader.ValueIsEscaped ? reader.ValueSpan
                        : reader.ValueSpan.Length <= unescaped.Length ? unescaped[..reader.CopyString(unescaped)]
                        : Encoding.UTF8.GetBytes(reader.GetString()!);
                    switch (member)
                    {
                        case 2: redrive = Utf8Parser.TryParse(text, out int r, out var used2) && used2 == text.Length ? r : 0; break;
                        case 3: id = Utf8Parser.TryParse(text, out long i, out var used3) && used3 == text.Length ? i : -1; break;
                        case 4: time = Utf8Parser.TryParse(text, out long t, out var used4) && used4 == text.Length ? t : -1; break;
                        default:
                            terminal = text.SequenceEqual("ExecutionSucceeded"u8) || text.SequenceEqual("ExecutionFailed"u8)
                                || text.SequenceEqual("ExecutionAborted"u8) || text.SequenceEqual("ExecutionTimedOut"u8);
                            break;
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

    /// <summary>One execution's lines as collected, by id, in one pooled buffer (<see cref="TakeLines"/> hands it on).</summary>
    private sealed class LoggedExecution(string arn, int redriveCount)
    {
        private readonly SortedDictionary<long, (int Offset, int Length)> _lines = [];
        private byte[] _buffer = [];
        private int _used;
        private long _minId = long.MaxValue;
        private long _maxId = long.MinValue;
        private long _firstMs = long.MaxValue;
        private long _newestMs = long.MinValue;
        private bool _terminal;

        public string Arn { get; } = arn;

        public int RedriveCount { get; } = redriveCount;

        public DateTimeOffset FirstEvent => DateTimeOffset.FromUnixTimeMilliseconds(_firstMs == long.MaxValue ? 0 : _firstMs);

        public DateTimeOffset NewestEvent => DateTimeOffset.FromUnixTimeMilliseconds(_newestMs == long.MinValue ? 0 : _newestMs);

        public int Count => _lines.Count;

        /// <summary>False when a line of that id is in already.</summary>
        public bool Add(long id, long timeMs, bool terminal, ReadOnlySpan<byte> line)
        {
            if (_lines.ContainsKey(id))
            {
                return false;
            }
            if (_used + line.Length > _buffer.Length)
            {
                var grown = ArrayPool<byte>.Shared.Rent(Math.Max(Math.Max(_buffer.Length * 2, _used + line.Length), 4096));
                _buffer.AsSpan(0, _used).CopyTo(grown);
                if (_buffer.Length > 0)
                {
                    ArrayPool<byte>.Shared.Return(_buffer);
                }
                _buffer = grown;
            }
            line.CopyTo(_buffer.AsSpan(_used));
            _lines.Add(id, (_used, line.Length));
            _used += line.Length;
            _minId = Math.Min(_minId, id);
            _maxId = Math.Max(_maxId, id);
            if (timeMs >= 0)
            {
                _firstMs = Math.Min(_firstMs, timeMs);
                _newestMs = Math.Max(_newestMs, timeMs);
            }
            _terminal |= terminal;
            return true;
        }

        /// <summary>ALL: the terminal event and ids 1..N; ERROR/FATAL log only some events, so the terminal event.</summary>
        public bool IsComplete(string level) =>
            _terminal && (level != "ALL" || (_minId == 1 && _maxId == _lines.Count));

        /// <summary>The lines in id order; they own the buffer from now on (the execution has left the collector).</summary>
        public LogLines TakeLines()
        {
            var lines = LogLines.Pooled(_buffer, [.. _lines.Values]);
            (_buffer, _used) = ([], 0);
            _lines.Clear();
            return lines;
        }
    }
}
