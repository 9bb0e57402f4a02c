using System.Globalization;
using System.Threading.Channels;
using Analytics.Aws;
using Analytics.Aws.Diagnostics;
using Analytics.Export.Diagnostics;
using Analytics.Export.Manifest;
using Analytics.Export.Staging;
using Analytics.Export.Targets;
using Analytics.Aws.Credentials;
using Analytics.Export.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Analytics.Export.Crawl;

/// <summary>
/// One incremental export run. Listers (state machines, then executions newest-first down to the watermark; durable
/// executions by function) feed a bounded fetch queue; fetchers (as many as the rate limiters keep busy) read whole
/// histories plus Map Runs and their children into a bounded unit queue; one writer flattens them into the chunk stage
/// and commits a chunk every N executions / bytes / seconds (<see cref="ExportOptions"/>). See <see cref="DatasetStore"/>
/// for why a kill at any instant is safe.
/// </summary>
public sealed partial class ExportJob
{
    private readonly ExportOptions _options;
    private readonly AwsClientOptions _aws;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly ShardSpec _shard;
    private readonly NameGlob _stateMachines;
    private readonly NameGlob _functions;

    private long _listed;
    private long _fetched;
    private long _staged;
    private long _committed;
    private long _paginationRestarts;
    private long _otherFailures;
    private AwsCallCounters? _counters;
    private readonly InFlightExecutions _inFlight = new();
    private UnitPlan? _plan;
    private string _spillFolder = "";

    public ExportJob(ExportOptions options, AwsClientOptions aws, ILoggerFactory? loggerFactory = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(aws);
        options.Validate();
        _options = options;
        _aws = aws;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Analytics.Export");
        _time = time ?? TimeProvider.System;
        _shard = ShardSpec.Parse(options.Shard);
        _stateMachines = NameGlob.Parse(options.StateMachines);
        _functions = NameGlob.Parse(options.Functions);
    }

    /// <summary>Runs the export. Cancelling it stops listing and fetching, commits what was staged, then throws.</summary>
    /// <exception cref="DiskFullException">The dataset's disk filled up; what was committed before stays.</exception>
    public async Task<ExportResult> RunAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            return await RunCoreAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not DiskFullException && DiskFullException.IsDiskFull(e))
        {
            throw new DiskFullException(Path.GetFullPath(_options.Out), e);
        }
    }

    /// <summary>The dataset at <c>--out</c>: a folder, or an <c>s3://</c> location worked on through a local copy.</summary>
    private DatasetStore OpenStore(CancellationToken cancellationToken) =>
        DatasetLocations.OpenStore(_options.Out, _shard, _aws, _options.S3Lease, _time, DateOnly.FromDateTime(_time.GetUtcNow().UtcDateTime), cancellationToken);

    private async Task<ExportResult> RunCoreAsync(CancellationToken cancellationToken)
    {
        using var store = OpenStore(cancellationToken);
        // After the open, which may have waited for a sibling shard: commit records are folded in run-id order.
        var startedAt = _time.GetUtcNow();
        var runId = string.Create(CultureInfo.InvariantCulture, $"{startedAt:yyyyMMdd'T'HHmmssfff'Z'}-{_shard.Tag}-{Random.Shared.Next(0x1000000):x6}");
        if (store.LostFiles.Count > 0)
        {
            ExportLog.LostFiles(_logger, store.LostFiles.Count, store.LostFiles[0], store.ForgottenChunks.Count);
        }
        store.TryCompact(_options.CompactManifestAt);
        ExportLog.Started(_logger, runId, _shard.ToString(), store.Location, store.State.Executions.Count, store.State.Running.Count, store.Recovered.RolledForward, store.Recovered.Discarded);

        var (result, timeline) = await CrawlAndWriteAsync(store, runId, startedAt, cancellationToken).ConfigureAwait(false);
        if (_options.CompactPartitions && _shard.IsAll && !cancellationToken.IsCancellationRequested)
        {
            // The chunk database, the writer and its pooled batches are gone by now. The crawl left the GC heap committed
            // at its own peak and the merge allocates next to nothing managed, so no collection would hand it back
            // while DuckDB sorts on top of it: one compacting collection returns it first.
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            CompactSettled(store, DateOnly.FromDateTime(startedAt.UtcDateTime), cancellationToken);
        }
        store.TryCompact(_options.CompactManifestAt);
        timeline?.WriteTo(_options.CallTimeline!);
        cancellationToken.ThrowIfCancellationRequested();
        foreach (var unit in result.FailedUnits)
        {
            ExportLog.UnitFailed(_logger, unit.Label, unit.Failures.Count, string.Join("; ", unit.Failures));
        }
        ExportLog.Finished(_logger, runId, result.Executions, result.Events, result.Quarantined, result.Failures, result.Running, result.ApiCalls);
        return result;
    }

    /// <summary>The crawl and the chunk writer, up to the run's last commit; the chunk database is closed on return.</summary>
    private async Task<(ExportResult Result, CallTimeline? Timeline)> CrawlAndWriteAsync(DatasetStore store, string runId, DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        var counters = _counters = new AwsCallCounters();
        var timeline = _options.CallTimeline is null ? null : new CallTimeline(counters);
        using var plan = ExportTargets.Plan(_options, _aws, _shard);
        _plan = plan;
        using var stage = new ChunkStage(store.SpillFolder, runId, DateOnly.FromDateTime(startedAt.UtcDateTime));
        _spillFolder = store.SpillFolder;
        var writer = new ChunkWriter(this, store, stage, runId, startedAt, counters);

        var unitQueue = Channel.CreateBounded<WriterMessage>(new BoundedChannelOptions(WriterQueueCapacity(_options, plan.Units.Count)) { SingleReader = true });

        using var crawl = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var writing = Task.Run(async () =>
        {
            try
            {
                return await writer.RunAsync(unitQueue.Reader, crawl.Token).ConfigureAwait(false);
            }
            catch
            {
                // Listers and fetchers would wait forever on a full queue nobody drains.
                await crawl.CancelAsync().ConfigureAwait(false);
                throw;
            }
        }, CancellationToken.None);
        using var progress = new Timer(_ => ExportLog.Progress(_logger, Interlocked.Read(ref _listed), Interlocked.Read(ref _fetched), Interlocked.Read(ref _staged), Interlocked.Read(ref _committed), counters.Total().Calls, counters.Total().Throttled), null, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5));
        try
        {
            // Units run side by side (each on its own quotas); one that fails is reported and the others go on.
            await Parallel.ForEachAsync(plan.Units, new ParallelOptions { MaxDegreeOfParallelism = _options.Parallel, CancellationToken = crawl.Token },
                async (unit, token) => await CrawlUnitAsync(unit, store.State, writer, (IAwsCallObserver?)timeline?.For(unit.Label) ?? counters, unitQueue.Writer, token).ConfigureAwait(false))
                .ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Stop the writer after it has drained what already arrived; it commits that (not as final) and the error
            // propagates (the writer's own, when it was the writer that failed).
            writer.Aborted = true;
            unitQueue.Writer.TryComplete();
            await writing.ConfigureAwait(false);
            throw;
        }
        unitQueue.Writer.TryComplete();
        return (await writing.ConfigureAwait(false), timeline);
    }

    /// <summary>
    /// <see cref="ExportOptions.QueueCapacity"/> for each unit crawled at once: the units share one writer, and while it
    /// commits a chunk every unit's fetchers wait on this queue, so it must hold as many seconds of each unit's fetches
    /// as of a single unit's (with 64 for 4 units, commits stalled every unit for seconds: 83-87 % of the
    /// GetExecutionHistory refill sustained instead of 97-100 %). A run of one unit is unchanged.
    /// </summary>
    internal static int WriterQueueCapacity(ExportOptions options, int units) =>
        options.QueueCapacity * Math.Clamp(Math.Min(units, options.Parallel), 1, int.MaxValue / options.QueueCapacity);

    /// <summary>
    /// One unit: its snapshots, then its listers feeding its own fetchers (its clients, its limiters), all handing
    /// fetched executions to the run's one writer. A role that cannot be assumed fails the unit before any call.
    /// </summary>
    private async Task CrawlUnitAsync(ExportUnit unit, ManifestState state, ChunkWriter writer, IAwsCallObserver observer, ChannelWriter<WriterMessage> units, CancellationToken ct)
    {
        using var clients = unit.CreateClients(_aws, observer);
        if (unit.Credentials is { } credentials)
        {
            try
            {
                await credentials.GetCredentialsAsync(ct).ConfigureAwait(false);
            }
            catch (AssumeRoleException e)
            {
                FailUnit(unit, "AssumeRole", e.Message);
                return;
            }
        }
        try
        {
            // Snapshots first: the first commit carries them.
            var (stateMachines, logTargets) = await SnapshotStateMachinesAsync(unit, clients, writer, units, ct).ConfigureAwait(false);
            var functions = await SnapshotFunctionsAsync(unit, clients, writer, units, ct).ConfigureAwait(false);

            using var childLogs = new ExpressChildLogs(logTargets.Select(t => t.StateMachineArn), _spillFolder);
            var listings = stateMachines.Where(s => s.Type == "STANDARD").ToDictionary(
                s => s.StateMachineArn, s => new SourceProgress(s.StateMachineArn, SourceKind.StepFunctions, unit), StringComparer.Ordinal);
            var fetchQueue = Channel.CreateBounded<FetchRequest>(new BoundedChannelOptions(_options.QueueCapacity) { SingleReader = false });
            var fetchers = Enumerable.Range(0, _options.FetchConcurrency)
                .Select(_ => Task.Run(() => FetchLoopAsync(clients, childLogs, state, fetchQueue.Reader, units, ct), CancellationToken.None))
                .ToArray();
            try
            {
                await Task.WhenAll(
                    ListAllAsync(unit, clients, state, listings, functions, fetchQueue.Writer, units, ct),
                    CrawlLogsAsync(unit, logTargets, listings, clients, childLogs, state, units, ct)).ConfigureAwait(false);
            }
            finally
            {
                fetchQueue.Writer.TryComplete();
                await Task.WhenAll(fetchers).ConfigureAwait(false);
            }
        }
        catch (AssumeRoleException e)
        {
            // The session could not be renewed mid-run: what was fetched is committed, unfinished listings keep their
            // watermarks, and the other units go on.
            FailUnit(unit, "AssumeRole (renewal)", e.Message);
        }
    }

    /// <summary>
    /// A call of the unit failed for good: counted (the run exits 1), logged (with the unit's label in a run of several
    /// units) and kept for the unit's report. The next run tries it again (no watermark of it moved).
    /// </summary>
    private void FailUnit(ExportUnit unit, string what, string reason)
    {
        Interlocked.Increment(ref _otherFailures);
        unit.Fail($"{what}: {reason}");
        if (unit.IsDefault)
        {
            ExportLog.ListingFailed(_logger, what, reason);
        }
        else
        {
            ExportLog.UnitCallFailed(_logger, unit.Label, what, reason);
        }
    }
}

// Partition compaction at the end of a run (sharded runs leave it to `analytics compact`: a sibling shard's writer may
// be rewriting files of its chunks that a merge would replace).
public sealed partial class ExportJob
{
    private void CompactSettled(DatasetStore store, DateOnly runDate, CancellationToken cancellationToken)
    {
        var before = runDate.AddDays(-_options.SettledAfterDays);
        try
        {
            var done = store.CompactPartitions(date => date <= before, cancellationToken);
            if (done.Partitions > 0)
            {
                ExportLog.PartitionsCompacted(_logger, done.Partitions, before, done.FilesBefore);
            }
        }
        catch (Exception e) when (e is Analytics.DuckDb.DuckDbException or InvalidDataException)
        {
            ExportLog.PartitionCompactionFailed(_logger, e.Message);
        }
    }
}

// What a progress display reads while the job runs (thread-safe, cheap: counters are read atomically). Listed counts
// the executions scheduled for fetching; fetched and committed count each of them once done, including those that
// failed or were quarantined, so a finished run ends at done == total.
public sealed partial class ExportJob
{
    public ExportProgress Progress()
    {
        long listingCalls = 0, listingThrottled = 0, fetchCalls = 0, fetchThrottled = 0;
        if (_counters is { } counters)
        {
            foreach (var (api, count) in counters.Snapshot())
            {
                if (api.StartsWith("Get", StringComparison.Ordinal))
                {
                    fetchCalls += count.Calls;
                    fetchThrottled += count.Throttled;
                }
                else
                {
                    listingCalls += count.Calls;
                    listingThrottled += count.Throttled;
                }
            }
        }
        return new ExportProgress(Interlocked.Read(ref _listed), Interlocked.Read(ref _fetched), Interlocked.Read(ref _staged), Interlocked.Read(ref _committed),
            listingCalls, listingThrottled, fetchCalls, fetchThrottled);
    }
}

// What the writer needs from the job.
public sealed partial class ExportJob
{
    internal ExportOptions Options => _options;

    internal Microsoft.Extensions.Logging.ILogger Logger => _logger;

    internal long PaginationRestarts => Interlocked.Read(ref _paginationRestarts);

    /// <summary>Snapshot and listing calls that failed for good (each resource's executions wait for the next run).</summary>
    internal long OtherFailures => Interlocked.Read(ref _otherFailures);

    internal InFlightExecutions InFlight => _inFlight;

    /// <summary>Whether a state machine or function ARN is this run's (one of its units', this shard's share).</summary>
    internal bool Owns(string arn) => _plan?.Owns(arn) ?? _shard.Owns(arn);

    /// <summary>The run's units, this shard's share of them (none before the run has planned them).</summary>
    internal IReadOnlyList<ExportUnit> Units => _plan?.Units ?? [];

    /// <summary>The units in which something failed for good (none before the run has planned them).</summary>
    internal IReadOnlyList<UnitFailures> FailedUnits =>
        _plan?.Units.Where(u => !u.IsDefault && u.Failures.Count > 0).Select(u => new UnitFailures(u.Label, [.. u.Failures])).ToList() ?? [];

    internal void CountStaged() => Interlocked.Increment(ref _staged);

    internal void CountCommitted(long executions) => Interlocked.Add(ref _committed, executions);
}
