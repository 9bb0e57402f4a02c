using System.Globalization;
using System.Threading.Channels;
using Analytics.Aws;
using Analytics.Aws.Diagnostics;
using Analytics.Export.Diagnostics;
using Analytics.Export.Manifest;
using Analytics.Export.Staging;
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

    private async Task<ExportResult> RunCoreAsync(CancellationToken cancellationToken)
    {
        using var store = DatasetStore.Open(_options.Out, _shard, DateOnly.FromDateTime(_time.GetUtcNow().UtcDateTime), cancellationToken);
        // After the open, which may have waited for a sibling shard: commit records are folded in run-id order.
        var startedAt = _time.GetUtcNow();
        var runId = string.Create(CultureInfo.InvariantCulture, $"{startedAt:yyyyMMdd'T'HHmmssfff'Z'}-{_shard.Tag}-{Random.Shared.Next(0x1000000):x6}");
        if (store.LostFiles.Count > 0)
        {
            ExportLog.LostFiles(_logger, store.LostFiles.Count, store.LostFiles[0], store.ForgottenChunks.Count);
        }
        store.TryCompact(_options.CompactManifestAt);
        ExportLog.Started(_logger, runId, _shard.ToString(), store.Root, store.State.Executions.Count, store.State.Running.Count, store.Recovered.RolledForward, store.Recovered.Discarded);

        var counters = _counters = new AwsCallCounters();
        var timeline = _options.CallTimeline is null ? null : new CallTimeline(counters);
        using var clients = new AwsClientFactory(_aws, observer: (IAwsCallObserver?)timeline ?? counters);
        using var stage = new ChunkStage(store.SpillFolder, runId, DateOnly.FromDateTime(startedAt.UtcDateTime));
        var writer = new ChunkWriter(this, store, stage, runId, startedAt, counters);

        var fetchQueue = Channel.CreateBounded<FetchRequest>(new BoundedChannelOptions(_options.QueueCapacity) { SingleReader = false });
        var unitQueue = Channel.CreateBounded<WriterMessage>(new BoundedChannelOptions(_options.QueueCapacity) { SingleReader = true });

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
            // Snapshots first: the first commit carries them.
            var stateMachines = await SnapshotStateMachinesAsync(clients, writer, crawl.Token).ConfigureAwait(false);
            var functions = await SnapshotFunctionsAsync(clients, writer, crawl.Token).ConfigureAwait(false);

            var fetchers = Enumerable.Range(0, _options.FetchConcurrency)
                .Select(_ => Task.Run(() => FetchLoopAsync(clients, store.State, fetchQueue.Reader, unitQueue.Writer, crawl.Token), CancellationToken.None))
                .ToArray();
            try
            {
                await Task.WhenAll(
                    ListAllAsync(clients, store.State, stateMachines, functions, fetchQueue.Writer, unitQueue.Writer, crawl.Token),
                    CrawlLogsAsync(clients, store.State, unitQueue.Writer, crawl.Token)).ConfigureAwait(false);
            }
            finally
            {
                fetchQueue.Writer.TryComplete();
                await Task.WhenAll(fetchers).ConfigureAwait(false);
            }
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
        var result = await writing.ConfigureAwait(false);
        store.TryCompact(_options.CompactManifestAt);
        timeline?.WriteTo(_options.CallTimeline!);
        cancellationToken.ThrowIfCancellationRequested();
        ExportLog.Finished(_logger, runId, result.Executions, result.Events, result.Quarantined, result.Failures, result.Running, result.ApiCalls);
        return result;
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

    internal void CountStaged() => Interlocked.Increment(ref _staged);

    internal void CountCommitted(long executions) => Interlocked.Add(ref _committed, executions);
}
