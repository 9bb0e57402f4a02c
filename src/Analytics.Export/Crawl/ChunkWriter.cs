using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Threading.Channels;
using Analytics.Aws.Diagnostics;
using Analytics.Core.Durable;
using Analytics.Core.Flattening;
using Analytics.Core.Json;
using Analytics.Core.StepFunctions;
using Analytics.Export.Manifest;
using Analytics.Export.Staging;

namespace Analytics.Export.Crawl;

/// <summary>
/// The single writer: flattens fetched units into the chunk stage and commits a chunk (staged Parquet files + one
/// manifest record) whenever the chunk reaches its execution, byte or time bound, and once at the end.
/// </summary>
internal sealed partial class ChunkWriter
{
    private readonly ExportJob _job;
    private readonly ExportOptions _options;
    private readonly DatasetStore _store;
    private readonly ChunkStage _stage;
    private readonly string _runId;
    private readonly DateTimeOffset _startedAt;
    private readonly AwsCallCounters _counters;
    private readonly ExecutionHistoryFlattener _flattener;
    private readonly DurableHistoryFlattener _durableFlattener;

    // The open chunk.
    private int _seq = 1;
    private readonly List<ExportedExecution> _exported = [];
    private readonly List<string> _finished = [];
    private readonly Dictionary<string, HashSet<string>> _replacements = new(StringComparer.Ordinal);
    private readonly List<RunningExecution> _runningAdded = [];
    private readonly List<string> _runningRemoved = [];
    private readonly Dictionary<string, DateTimeOffset> _watermarks = new(StringComparer.Ordinal);
    private readonly List<SourceProgress> _crawlsWaiting = [];
    private readonly List<PendingFetch> _pendingAdded = [];
    private readonly List<string> _pendingResolved = [];
    private readonly List<string> _lateRows = [];

    // Open executions found by this run, by ARN (a restarted or REDRIVEN listing may meet one twice): its
    // open_executions snapshot, written with the final commit.
    private readonly Dictionary<string, OpenExecution> _open = new(StringComparer.Ordinal);
    private readonly HashSet<string> _snapshotGroups = new(StringComparer.Ordinal);
    private readonly Stopwatch _chunkAge = Stopwatch.StartNew();
    private long _chunkBytes;
    private readonly HeapTrim _heapTrim = new();

    // Run totals.
    private long _executions;
    private long _events;
    private long _executionRows;
    private readonly Dictionary<string, long> _rowsWritten = new(StringComparer.Ordinal);
    private long _quarantined;
    private long _failures;
    private DateTimeOffset? _windowStart;
    private DateTimeOffset? _windowEnd;

    public ChunkWriter(ExportJob job, DatasetStore store, ChunkStage stage, string runId, DateTimeOffset startedAt, AwsCallCounters counters)
    {
        _job = job;
        _options = job.Options;
        _store = store;
        _stage = stage;
        _runId = runId;
        _startedAt = startedAt;
        _counters = counters;
        _flattener = new ExecutionHistoryFlattener(
            ExecutionHistoryFlattener.CreateOutput(stage),
            new FlattenerOptions { IncludeExecutionData = _options.IncludeExecutionData });
        _durableFlattener = new DurableHistoryFlattener(
            DurableHistoryFlattener.CreateOutput(stage),
            new FlattenerOptions { IncludeExecutionData = _options.IncludeExecutionData });
    }

    /// <summary>Set when the crawl stopped early (error or cancellation): the last commit is then not final.</summary>
    public bool Aborted { get; set; }

    private string ChunkName => DatasetStore.CommitName(_runId, _seq);

    public async Task<ExportResult> RunAsync(ChannelReader<WriterMessage> messages, CancellationToken crawlToken)
    {
        try
        {
            // Drain everything that arrives, even after cancellation: fetched work is committed, not thrown away.
            await foreach (var message in messages.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
            {
                switch (message)
                {
                    case WriterMessage.Unit unit:
                        Write(unit.Work);
                        break;
                    case WriterMessage.ListingDone done:
                        Complete(done.Source);
                        break;
                    case WriterMessage.Rows rows:
                        rows.Add(this);
                        break;
                }
                if (_exported.Count >= _options.ChunkExecutions || _chunkBytes >= _options.ChunkBytes || _chunkAge.Elapsed >= _options.ChunkInterval)
                {
                    Commit(final: false);
                }
            }
        }
        finally
        {
            _flattener.Dispose();
            _durableFlattener.Dispose();
        }
        var aborted = Aborted || crawlToken.IsCancellationRequested;
        Commit(final: !aborted);
        return Result();
    }

    private void Write(WorkUnit unit)
    {
        var source = unit.Request.Source;
        var (executions, events) = (_executions, _events);
        var flattened = false;
        try
        {
            if (unit.Failure is not null)
            {
                _failures++;
                source.Failed = true;
                ExportLog.FetchFailed(_job.Logger, unit.Request.Arn, unit.Failure);
                return;
            }
            if (!(source.Kind switch { SourceKind.Durable => FlattenDurable(unit), SourceKind.Logs => FlattenLogged(unit), _ => Flatten(unit) }))
            {
                return;
            }
            flattened = true;
            var top = unit.Request.Arn;
            foreach (var (part, reason, failed) in unit.Pending)
            {
                _pendingAdded.Add(part);
                if (failed)
                {
                    _failures++;
                    ExportLog.PartFailed(_job.Logger, part.Arn, top, reason);
                }
                else
                {
                    ExportLog.PartDeferred(_job.Logger, part.Arn, top, reason);
                }
            }
            if (unit.Request.Resume is not null || _store.State.HasPending(top))
            {
                _pendingResolved.Add(top);
            }
            if (unit.Request.Resume is not null)
            {
                // Only the parts: the execution itself is exported; its rows now span this chunk too.
                if (unit.Histories.Count + unit.ListedChildren.Count + unit.MapRuns.Count > 0)
                {
                    _lateRows.Add(top);
                }
                _chunkBytes += unit.Bytes;
                _job.CountStaged();
                return;
            }
            if (_store.State.Executions.TryGetValue(top, out var earlier))
            {
                // A re-export replaces every row of the earlier one: in its chunk and in chunks its late parts went to.
                foreach (var chunk in _store.State.LateChunksOf(top).Append(earlier.Chunk))
                {
                    if (!_replacements.TryGetValue(chunk, out var arns))
                    {
                        _replacements[chunk] = arns = new HashSet<string>(StringComparer.Ordinal);
                    }
                    arns.Add(top);
                }
            }
            _exported.Add(new ExportedExecution(unit.Request.Arn, unit.Request.RedriveCount, ChunkName));
            _executions++;
            _chunkBytes += unit.Bytes;
            _job.CountStaged();
        }
        finally
        {
            CountInUnit(source, _executions - executions, _events - events, flattened ? unit.MapRuns.Count : 0);
            _finished.Add(unit.Request.Arn);
            unit.DisposePages();
            source.Finished();
            Complete(source);
        }
    }

    /// <summary>What one work unit added to the run's totals, added to its unit's too (its export_units row).</summary>
    private static void CountInUnit(SourceProgress source, long executions, long events, int mapRuns)
    {
        var exported = source.Unit.Exported;
        exported.Executions += executions;
        exported.Events += events;
        exported.MapRuns += mapRuns;
        if (source.Kind == SourceKind.Durable)
        {
            exported.DurableExecutions += executions;
        }
    }

    /// <summary>
    /// Flattens the unit's histories; false when its top-level history was quarantined (nothing staged). A history's
    /// rows stay in the flattener until it ends well (a quarantined one contributes none), and the top-level history
    /// goes first, so its quarantine drops the unit before any child's rows were streamed.
    /// </summary>
    private bool Flatten(WorkUnit unit)
    {
        foreach (var history in unit.Histories.OrderBy(h => h.ParentArn is null ? 0 : 1))
        {
            // A Map Run child's links come from its listing, not its history.
            var child = history.ParentArn is not null;
            _flattener.BeginExecution(history.Arn, HistoryOrder.Ascending, ToMicros(history.StartDate),
                child ? history.MapRunArn : null, child ? history.ParentArn : null);
            try
            {
                foreach (var page in history.Pages)
                {
                    _flattener.AddPage(page.Json.Span);
                }
                var summary = _flattener.EndExecution();
                _events += summary.EventCount;
                _executionRows++;
            }
            catch (HistoryFormatException e)
            {
                _flattener.AbandonExecution();
                Quarantine(history, e.Message);
                if (!child)
                {
                    // Without its parent a unit has nowhere to belong: none of it is staged.
                    return false;
                }
            }
        }
        foreach (var (item, parent, logged) in unit.ListedChildren)
        {
            if (item.Status.IsOpen)
            {
                _open[item.ExecutionArn] = new OpenExecution(item.ExecutionArn, SourceKind.StepFunctions, item.StateMachineArn, ExportJob.NameOf(item.StateMachineArn), item.Name, item.Status.Value,
                    item.StartDate, item.MapRunArn, parent);
            }
            if (logged is null || !FlattenLogged(item.ExecutionArn, item.StartDate, logged, item.MapRunArn, parent))
            {
                AddListedExecution(item, parent);
                _executionRows++;
            }
        }
        foreach (var (mapRun, stateMachineArn) in unit.MapRuns)
        {
            AddMapRun(mapRun, stateMachineArn);
        }
        return true;
    }

    /// <summary>Flattens a durable execution's history; false when it was quarantined (its rows are dropped).</summary>
    private bool FlattenDurable(WorkUnit unit)
    {
        var history = unit.Histories[0];
        _durableFlattener.BeginExecution(history.Arn, HistoryOrder.Ascending, ToMicros(history.StartDate));
        try
        {
            foreach (var page in history.Pages)
            {
                _durableFlattener.AddPage(page.Json.Span);
            }
            _events += _durableFlattener.EndExecution().EventCount;
            _executionRows++;
            return true;
        }
        catch (HistoryFormatException e)
        {
            _durableFlattener.AbandonExecution();
            Quarantine(history, e.Message);
            return false;
        }
    }

    private void Quarantine(FetchedHistory history, string reason) =>
        Quarantine(history.Arn, history.Pages.Select(p => p.Json.ToArray()).ToList(), "page", reason);

    private void Quarantine(string arn, IReadOnlyList<byte[]> files, string kind, string reason)
    {
        _quarantined++;
        var folder = Path.Combine(_store.Root, "_quarantine", _runId, SafeName(arn));
        Directory.CreateDirectory(folder);
        for (var i = 0; i < files.Count; i++)
        {
            File.WriteAllBytes(Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"{kind}-{i:D4}.json")), files[i]);
        }
        File.WriteAllText(Path.Combine(folder, "reason.txt"), $"{arn}\n{reason}\n");
        // A container's local copy dies with it: on S3 the quarantine goes under the dataset's prefix too.
        _store.StoreFolder(folder);
        ExportLog.Quarantined(_job.Logger, arn, reason, folder);
    }

    private bool FlattenLogged(WorkUnit unit) => FlattenLogged(unit.Request.Arn, unit.Request.StartDate, unit.Logged!, null, null);

    /// <summary>Flattens an EXPRESS execution's log lines (a Map Run child's with its links); false when they were quarantined.</summary>
    private bool FlattenLogged(string arn, DateTimeOffset start, LogLines lines, string? mapRunArn, string? parentArn)
    {
        _flattener.BeginExecution(arn, HistoryOrder.Ascending, ToMicros(start), mapRunArn, parentArn);
        try
        {
            foreach (var line in lines)
            {
                _flattener.AddLogEvent(line.Span);
            }
            _events += _flattener.EndExecution().EventCount;
            _executionRows++;
            return true;
        }
        catch (HistoryFormatException e)
        {
            _flattener.AbandonExecution();
            Quarantine(arn, [.. lines.Select(l => l.ToArray())], "line", e.Message);
            return false;
        }
        finally
        {
            // Their buffer goes back to the pool: nothing reads the lines after this.
            lines.Dispose();
        }
    }

    private static string SafeName(string arn) =>
        string.Concat(arn.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_'));

    private void Complete(SourceProgress source)
    {
        if (source.Completed || !source.ListingDone || source.Outstanding > 0)
        {
            return;
        }
        source.Completed = true;
        _runningAdded.AddRange(source.RunningAdds.Select(r => new RunningExecution(r.Arn, r.Source, r.Kind.ManifestText())));
        _runningRemoved.AddRange(source.RunningRemoves);
        foreach (var open in source.Open)
        {
            _open[open.Arn] = open;
        }
        RecordWatermark(source);
        foreach (var crawl in _crawlsWaiting.Where(c => c.LinesTakenBy == source).ToList())
        {
            _crawlsWaiting.Remove(crawl);
            RecordWatermark(crawl);
        }
        if (_store.State.Watermarks.TryGetValue(source.Arn, out var previous) && !_options.Full)
        {
            var start = previous - _options.Overlap;
            _windowStart = _windowStart is { } s && s < start ? s : start;
        }
    }

    /// <summary>A completed source's watermark goes into the next commit; a log crawl's waits for the listing that takes
    /// its children's lines (<see cref="SourceProgress.LinesTakenBy"/>) and is dropped if that listing failed.</summary>
    private void RecordWatermark(SourceProgress source)
    {
        if (source.Failed || source.NewestKey is not { } newest || source.LinesTakenBy is { Failed: true })
        {
            return;
        }
        if (source.LinesTakenBy is { Completed: false })
        {
            _crawlsWaiting.Add(source);
            return;
        }
        _watermarks[source.Arn] = newest;
        _windowEnd = _windowEnd is { } end && end > newest ? end : newest;
    }

    private static long ToMicros(DateTimeOffset time) => (time.UtcTicks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerMicrosecond;

    private ExportResult Result()
    {
        var byApi = _counters.Snapshot();
        var total = _counters.Total();
        return new ExportResult
        {
            RunId = _runId,
            Executions = _executions,
            ExecutionRows = _executionRows,
            Events = _events,
            Quarantined = _quarantined,
            Failures = _failures + _job.OtherFailures,
            Running = _store.State.Running.Count,
            ApiCalls = total.Calls,
            Throttled = total.Throttled,
            Retries = total.Retries,
            Commits = _seq - 1,
            PaginationRestarts = _job.PaginationRestarts,
            CallsByApi = byApi.ToDictionary(kv => kv.Key, kv => kv.Value.Calls, StringComparer.Ordinal),
            RowsByTable = new Dictionary<string, long>(_rowsWritten, StringComparer.Ordinal),
            FailedUnits = _job.FailedUnits,
        };
    }

    private string ApiCallsJson() =>
        JsonSerializer.Serialize(_counters.Snapshot().OrderBy(kv => kv.Key, StringComparer.Ordinal).ToDictionary(kv => kv.Key, kv => kv.Value.Calls));
}
