using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Analytics.Aws;
using Analytics.Aws.Lambda.Model;
using Analytics.Aws.StepFunctions.Model;
using Analytics.Export.Manifest;
using Analytics.Export.Targets;

namespace Analytics.Export.Crawl;

// Listing: which executions this run must fetch. Correct under AWS's documented order (RUNNING by start/redrive date,
// closed by stop date, newest first) and under a plain newest-by-start order: the listing stops at the first item whose
// key (stop date if closed, else redrive date or start date) is older than the previous run's newest key minus the
// overlap; anything older that changed since was open then and is in the manifest's RUNNING set (every open status:
// RUNNING, PENDING_REDRIVE, and durable PAUSING/PAUSED/…), which is re-checked;
// redriven executions are found by a REDRIVEN listing. Executions already exported with the same redrive count, or
// already scheduled by this run (InFlightExecutions), are skipped, so overlaps, restarts and the REDRIVEN listing never
// duplicate. No set of every listed ARN is kept: memory does not grow with a state machine's history.
public sealed partial class ExportJob
{
    private const int MaxListingRestarts = 8;

    private async Task ListAllAsync(
        ExportUnit unit, AwsClientFactory clients, ManifestState state, Dictionary<string, SourceProgress> listings, List<FunctionConfiguration> functions,
        ChannelWriter<FetchRequest> fetches, ChannelWriter<WriterMessage> units, CancellationToken ct)
    {
        await SchedulePendingAsync(unit, state, listings.Keys, fetches, ct).ConfigureAwait(false);
        var sfn = Parallel.ForEachAsync(
            listings.Values,
            new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = ct },
            async (source, token) =>
            {
                try
                {
                    await ListStateMachineAsync(clients, state, source, fetches, token).ConfigureAwait(false);
                }
                catch (AwsServiceException e)
                {
                    source.Failed = true;
                    FailUnit(unit, source.Arn, e.Message);
                }
                source.ListingDone = true;
                await units.WriteAsync(new WriterMessage.ListingDone(source), token).ConfigureAwait(false);
            });
        var durable = Parallel.ForEachAsync(
            functions.Where(f => f.IsDurable),
            new ParallelOptions { MaxDegreeOfParallelism = 2, CancellationToken = ct },
            async (function, token) =>
            {
                var source = new SourceProgress(function.FunctionArn!, SourceKind.Durable, unit);
                try
                {
                    await ListDurableFunctionAsync(clients, state, source, function.FunctionName!, fetches, token).ConfigureAwait(false);
                }
                catch (AwsServiceException e)
                {
                    source.Failed = true;
                    FailUnit(unit, function.FunctionArn!, e.Message);
                }
                source.ListingDone = true;
                await units.WriteAsync(new WriterMessage.ListingDone(source), token).ConfigureAwait(false);
            });
        await Task.WhenAll(sfn, durable).ConfigureAwait(false);
    }

    /// <summary>
    /// Queues the pending parts of exported executions' Map Run units (those of this run's state machines), before any
    /// listing: each claims its top-level execution, so a redrive of it met by a listing now waits for the next run
    /// instead of racing the parts.
    /// </summary>
    private async Task SchedulePendingAsync(ExportUnit unit, ManifestState state, IEnumerable<string> stateMachineArns, ChannelWriter<FetchRequest> fetches, CancellationToken ct)
    {
        var ours = stateMachineArns.ToHashSet(StringComparer.Ordinal);
        foreach (var parts in state.PendingUnits())
        {
            if (!ours.Contains(parts[0].Source) || !_inFlight.TryClaim(parts[0].Top))
            {
                continue;
            }
            // Under the execution's own source, so a part failing again is recorded under it again; "listed" already,
            // so it moves no watermark.
            var source = new SourceProgress(parts[0].Source, SourceKind.StepFunctions, unit) { ListingDone = true };
            source.Scheduled();
            Interlocked.Increment(ref _listed);
            await fetches.WriteAsync(new FetchRequest(source, parts[0].Top, default, 0, parts), ct).ConfigureAwait(false);
        }
    }

    private DateTimeOffset? StopBefore(ManifestState state, string source)
    {
        DateTimeOffset? stop = _options.Since;
        if (!_options.Full && state.TryGetWatermark(source, out var watermark))
        {
            var fromWatermark = watermark - _options.Overlap;
            stop = stop is { } since && since > fromWatermark ? since : fromWatermark;
        }
        return stop;
    }

    private async Task ListStateMachineAsync(AwsClientFactory clients, ManifestState state, SourceProgress source, ChannelWriter<FetchRequest> fetches, CancellationToken ct)
    {
        var stopBefore = StopBefore(state, source.Arn);
        source.NewestKey = state.TryGetWatermark(source.Arn, out var previous) ? previous : null;
        // Only the RUNNING-set executions the listings meet are remembered (to skip re-checking them below).
        var tracked = state.RunningOf(source.Arn).ToDictionary(r => r.Arn, StringComparer.Ordinal);
        var met = new HashSet<string>(StringComparer.Ordinal);

        await foreach (var item in RestartingAsync(
            () => clients.StepFunctions.Paginators.Executions(new ListExecutionsRequest(StateMachineArn: source.Arn, MaxResults: _options.PageSize), ct),
            null, "ListExecutions", source.Arn, ct).ConfigureAwait(false))
        {
            var key = item.StopDate ?? item.RedriveDate ?? item.StartDate;
            if (stopBefore is { } stop && key < stop)
            {
                break;
            }
            source.NewestKey = source.NewestKey is { } newest && newest > key ? newest : key;
            Meet(tracked, met, item.ExecutionArn);
            await ConsiderAsync(state, source, item, fetches, ct).ConfigureAwait(false);
        }

        // Redriven executions keep their start date: under a by-start order they sit below the stop point.
        try
        {
            await foreach (var item in RestartingAsync(
                () => clients.StepFunctions.Paginators.Executions(new ListExecutionsRequest(StateMachineArn: source.Arn, RedriveFilter: "REDRIVEN", MaxResults: _options.PageSize), ct),
                null, "ListExecutions", source.Arn, ct).ConfigureAwait(false))
            {
                Meet(tracked, met, item.ExecutionArn);
                await ConsiderAsync(state, source, item, fetches, ct).ConfigureAwait(false);
            }
        }
        catch (AwsServiceException e) when (e.ErrorCode == "ValidationException")
        {
            // An endpoint that refuses redriveFilter with a state machine ARN: redrives are then found through the
            // RUNNING set (a redriven execution is RUNNING again) and the main listing.
        }

        // Executions seen RUNNING by earlier runs and not met again above: ask each one.
        foreach (var running in tracked.Values.Where(r => !met.Contains(r.Arn)))
        {
            DescribeExecutionResponse described;
            try
            {
                described = await clients.StepFunctions.DescribeExecutionAsync(new DescribeExecutionRequest(running.Arn, "METADATA_ONLY"), ct).ConfigureAwait(false);
            }
            catch (AwsServiceException e) when (e.ErrorCode == "ExecutionDoesNotExist")
            {
                source.RunningRemoves.Add(running.Arn);
                continue;
            }
            await ConsiderAsync(state, source, ListItemOf(described), fetches, ct).ConfigureAwait(false);
        }
    }

    /// <summary>What a listing would say of a described execution.</summary>
    private static ExecutionListItem ListItemOf(DescribeExecutionResponse described) =>
        new(described.ExecutionArn, described.StateMachineArn, described.Name ?? "", described.Status,
            described.StartDate, described.StopDate, RedriveCount: described.RedriveCount, RedriveDate: described.RedriveDate);

    /// <summary>The name part of a state machine ARN (<c>&lt;name&gt;/&lt;label&gt;</c> for a Distributed Map child's).</summary>
    internal static string NameOf(string stateMachineArn)
    {
        var marker = stateMachineArn.IndexOf(":stateMachine:", StringComparison.Ordinal);
        return marker >= 0 ? stateMachineArn[(marker + ":stateMachine:".Length)..] : stateMachineArn;
    }

    private static void Meet(Dictionary<string, RunningExecution> tracked, HashSet<string> met, string arn)
    {
        if (tracked.ContainsKey(arn))
        {
            met.Add(arn);
        }
    }

    private ValueTask ConsiderAsync(ManifestState state, SourceProgress source, ExecutionListItem item, ChannelWriter<FetchRequest> fetches, CancellationToken ct)
    {
        if (item.Status.IsOpen)
        {
            source.Open.Add(new OpenExecution(item.ExecutionArn, SourceKind.StepFunctions, item.StateMachineArn, NameOf(item.StateMachineArn), item.Name, item.Status.Value, item.StartDate));
            if (!state.IsRunning(item.ExecutionArn))
            {
                source.RunningAdds.Add(new RunningItem(item.ExecutionArn, source.Arn, source.Kind));
            }
            return ValueTask.CompletedTask;
        }
        return ScheduleAsync(state, source, item.ExecutionArn, item.StartDate, item.RedriveCount ?? 0, fetches, ct);
    }

    /// <summary>Queues a closed execution for fetching unless it is exported already or already scheduled by this run.</summary>
    private async ValueTask ScheduleAsync(ManifestState state, SourceProgress source, string arn, DateTimeOffset start, int redrives, ChannelWriter<FetchRequest> fetches, CancellationToken ct)
    {
        // Claim first, then ask the manifest: the writer releases a claim only once the manifest has the execution.
        if (!_inFlight.TryClaim(arn))
        {
            return;
        }
        if (state.IsExported(arn, redrives))
        {
            _inFlight.Release(arn);
            return;
        }
        source.Scheduled();
        Interlocked.Increment(ref _listed);
        await fetches.WriteAsync(new FetchRequest(source, arn, start, redrives), ct).ConfigureAwait(false);
    }

    private async Task ListDurableFunctionAsync(AwsClientFactory clients, ManifestState state, SourceProgress source, string functionName, ChannelWriter<FetchRequest> fetches, CancellationToken ct)
    {
        var stopBefore = StopBefore(state, source.Arn);
        source.NewestKey = state.TryGetWatermark(source.Arn, out var previous) ? previous : null;
        var tracked = state.RunningOf(source.Arn).ToDictionary(r => r.Arn, StringComparer.Ordinal);
        var met = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var item in RestartingAsync(
            () => clients.Lambda.Paginators.DurableExecutions(new ListDurableExecutionsByFunctionRequest(functionName, StartedAfter: stopBefore, MaxItems: _options.PageSize), ct),
            null, "ListDurableExecutionsByFunction", functionName, ct).ConfigureAwait(false))
        {
            source.NewestKey = source.NewestKey is { } newest && newest > item.StartTimestamp ? newest : item.StartTimestamp;
            Meet(tracked, met, item.DurableExecutionArn);
            await ConsiderDurableAsync(state, source, functionName, item.DurableExecutionArn, item.DurableExecutionName, item.Status, item.StartTimestamp, fetches, ct).ConfigureAwait(false);
        }
        foreach (var running in tracked.Values.Where(r => !met.Contains(r.Arn)))
        {
            try
            {
                var described = await clients.Lambda.GetDurableExecutionAsync(new GetDurableExecutionRequest(running.Arn), ct).ConfigureAwait(false);
                await ConsiderDurableAsync(state, source, functionName, described.DurableExecutionArn, described.DurableExecutionName, described.Status, described.StartTimestamp, fetches, ct).ConfigureAwait(false);
            }
            catch (AwsServiceException e) when (e.ErrorCode == "ResourceNotFoundException")
            {
                source.RunningRemoves.Add(running.Arn);
            }
        }
    }

    /// <summary>
    /// An open durable execution (RUNNING, PAUSING, PAUSED, …: <see cref="DurableExecutionStatus.IsOpen"/>) joins the
    /// RUNNING set and the run's open_executions snapshot and is re-checked by later runs; only a closed one is
    /// fetched and marked exported.
    /// </summary>
    private ValueTask ConsiderDurableAsync(ManifestState state, SourceProgress source, string functionName, string arn, string name,
        DurableExecutionStatus status, DateTimeOffset start, ChannelWriter<FetchRequest> fetches, CancellationToken ct)
    {
        if (status.IsOpen)
        {
            source.Open.Add(new OpenExecution(arn, SourceKind.Durable, source.Arn, functionName, name, status.Value, start));
            if (!state.IsRunning(arn))
            {
                source.RunningAdds.Add(new RunningItem(arn, source.Arn, source.Kind));
            }
            return ValueTask.CompletedTask;
        }
        return ScheduleAsync(state, source, arn, start, 0, fetches, ct);
    }

    /// <summary>
    /// A paged listing that survives expired pagination tokens by starting over, at most
    /// <see cref="MaxListingRestarts"/> times. With a <paramref name="key"/>, items already yielded are skipped (that
    /// set lives as long as the listing: only for bounded ones); without, the caller tolerates items met again.
    /// </summary>
    private async IAsyncEnumerable<T> RestartingAsync<T>(Func<IAsyncEnumerable<T>> list, Func<T, string>? key, string api, string resource, [EnumeratorCancellation] CancellationToken ct)
    {
        var yielded = key is null ? null : new HashSet<string>(StringComparer.Ordinal);
        for (var attempt = 0; ; attempt++)
        {
            var enumerator = list().GetAsyncEnumerator(ct);
            try
            {
                while (true)
                {
                    T current;
                    try
                    {
                        if (!await enumerator.MoveNextAsync().ConfigureAwait(false))
                        {
                            yield break;
                        }
                        current = enumerator.Current;
                    }
                    catch (PaginationTokenExpiredException) when (attempt < MaxListingRestarts)
                    {
                        ExportLog.TokenExpired(_logger, api, resource);
                        Interlocked.Increment(ref _paginationRestarts);
                        break;
                    }
                    if (yielded is null || yielded.Add(key!(current)))
                    {
                        yield return current;
                    }
                }
            }
            finally
            {
                await enumerator.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
