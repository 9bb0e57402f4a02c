using System.Text.Json;
using System.Threading.Channels;
using Analytics.Aws;
using Analytics.Aws.Lambda.Model;
using Analytics.Aws.StepFunctions.Model;
using Analytics.Export.Manifest;

namespace Analytics.Export.Crawl;

// Fetching: a closed execution's whole history (1000 events per page, payloads only when asked), the Map Runs its
// history started (MapRunStarted carries the ARN: ListMapRuns is never called), their children from
// ListExecutions(mapRunArn) and the histories of the STANDARD ones. EXPRESS children have no history: their events
// come from the parent's log group (ExpressChildLogs), their row's links from their listing item. The unit fails as a whole only when the top-level history does; a Map Run or a child that
// fails for good (or a Map Run's EXPRESS children, when the parent's log group could not be read) is left out and
// recorded as pending (PendingFetch), and later runs fetch just that part, so under
// sustained faults progress accumulates instead of the same large units failing every run.
public sealed partial class ExportJob
{
    private const int MaxMapDepth = 3;

    private async Task FetchLoopAsync(AwsClientFactory clients, ExpressChildLogs childLogs, ManifestState state, ChannelReader<FetchRequest> requests, ChannelWriter<WriterMessage> units, CancellationToken ct)
    {
        await foreach (var request in requests.ReadAllAsync(ct).ConfigureAwait(false))
        {
            var unit = new WorkUnit(request);
            try
            {
                if (request.Resume is { } parts)
                {
                    foreach (var part in parts)
                    {
                        await PartAsync(unit, part, () => part.Kind switch
                        {
                            PendingFetch.MapRunKind => FetchMapRunAsync(clients, childLogs, unit, part.Arn, part.Parent, part.Depth, ct),
                            PendingFetch.ExpressChildKind => FetchExpressChildAsync(clients, childLogs, unit, part, ct),
                            _ => FetchExecutionAsync(clients, childLogs, unit, part.Arn, part.StartDate ?? default, part.MapRun, part.Parent, part.Depth, ct),
                        }, ct).ConfigureAwait(false);
                    }
                }
                else if (request.Source.Kind == SourceKind.Durable)
                {
                    var pages = await FetchPagesAsync(
                        () => clients.Lambda.Paginators.GetDurableExecutionHistory(new GetDurableExecutionHistoryRequest(request.Arn, _options.IncludeExecutionData, MaxItems: _options.PageSize), ct),
                        "GetDurableExecutionHistory", request.Arn).ConfigureAwait(false);
                    unit.Histories.Add(new FetchedHistory(request.Arn, request.StartDate, null, null, pages));
                }
                else
                {
                    await FetchExecutionAsync(clients, childLogs, unit, request.Arn, request.StartDate, null, null, 0, ct).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (IsFetchFailure(e, ct))
            {
                unit.DisposePages();
                unit.Histories.Clear();
                unit.Failure = e.Message;
            }
            catch
            {
                unit.DisposePages();
                throw;
            }
            // Done either way (a failed one is retried by a later run): the progress total is reached.
            Interlocked.Increment(ref _fetched);
            await units.WriteAsync(new WriterMessage.Unit(unit), ct).ConfigureAwait(false);
        }
    }

    private async Task FetchExecutionAsync(AwsClientFactory clients, ExpressChildLogs childLogs, WorkUnit unit, string arn, DateTimeOffset start, string? mapRunArn, string? parentArn, int depth, CancellationToken ct)
    {
        var pages = await FetchPagesAsync(
            () => clients.StepFunctions.Paginators.GetExecutionHistory(new GetExecutionHistoryRequest(arn, MaxResults: _options.PageSize, IncludeExecutionData: _options.IncludeExecutionData), ct),
            "GetExecutionHistory", arn).ConfigureAwait(false);
        unit.Histories.Add(new FetchedHistory(arn, start, mapRunArn, parentArn, pages));
        if (depth >= MaxMapDepth)
        {
            return;
        }
        foreach (var mapRun in MapRunArns(pages))
        {
            var part = new PendingFetch(unit.Request.Arn, unit.Request.Source.Arn, PendingFetch.MapRunKind, mapRun, arn, null, null, depth);
            await PartAsync(unit, part, () => FetchMapRunAsync(clients, childLogs, unit, mapRun, arn, depth, ct), ct).ConfigureAwait(false);
        }
    }

    /// <summary>A Map Run started by <paramref name="parentArn"/> (at <paramref name="depth"/>): its description,
    /// its children's listing and their histories, each child a part of its own.</summary>
    private async Task FetchMapRunAsync(AwsClientFactory clients, ExpressChildLogs childLogs, WorkUnit unit, string mapRun, string parentArn, int depth, CancellationToken ct)
    {
        var described = await clients.StepFunctions.DescribeMapRunAsync(new DescribeMapRunRequest(mapRun), ct).ConfigureAwait(false);
        var children = new List<ExecutionListItem>();
        await foreach (var child in RestartingAsync(
            () => clients.StepFunctions.Paginators.Executions(new ListExecutionsRequest(MapRunArn: mapRun, MaxResults: _options.PageSize), ct),
            c => c.ExecutionArn, "ListExecutions", mapRun, ct).ConfigureAwait(false))
        {
            children.Add(child);
        }
        unit.MapRuns.Add((described, children.Count > 0 ? children[0].StateMachineArn : ""));
        foreach (var child in children)
        {
            if (child.ExecutionArn.Contains(":express:", StringComparison.Ordinal))
            {
                var part = new PendingFetch(unit.Request.Arn, unit.Request.Source.Arn, PendingFetch.ExpressChildKind, child.ExecutionArn, parentArn, mapRun, child.StartDate, depth + 1);
                await PartAsync(unit, part, () => AddExpressChildAsync(childLogs, unit, mapRun, child, parentArn, ct), ct).ConfigureAwait(false);
            }
            else if (child.Status == ExecutionStatus.Running || child.StopDate is null)
            {
                unit.ListedChildren.Add((child, parentArn, null));
            }
            else
            {
                var part = new PendingFetch(unit.Request.Arn, unit.Request.Source.Arn, PendingFetch.ChildKind, child.ExecutionArn, parentArn, mapRun, child.StartDate, depth + 1);
                await PartAsync(unit, part, () => FetchExecutionAsync(clients, childLogs, unit, child.ExecutionArn, child.StartDate, mapRun, parentArn, depth + 1, ct), ct).ConfigureAwait(false);
            }
        }
    }

    /// <summary>An EXPRESS Map Run child again (a pending part: its parent's log group could not be read before); its
    /// listing item from DescribeExecution, which answers for EXPRESS children a Map Run dispatched.</summary>
    private static async Task FetchExpressChildAsync(AwsClientFactory clients, ExpressChildLogs childLogs, WorkUnit unit, PendingFetch part, CancellationToken ct)
    {
        var described = await clients.StepFunctions.DescribeExecutionAsync(new DescribeExecutionRequest(part.Arn, "METADATA_ONLY"), ct).ConfigureAwait(false);
        await AddExpressChildAsync(childLogs, unit, part.MapRun!, ListItemOf(described) with { MapRunArn = part.MapRun }, part.Parent, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// An EXPRESS Map Run child has no history: its events come from the parent's log group when they are all in there,
    /// else it gets only its row. When the group could not be read and its lines are not among those read, it is a part
    /// left for a later run.
    /// </summary>
    private static async Task AddExpressChildAsync(ExpressChildLogs childLogs, WorkUnit unit, string mapRun, ExecutionListItem child, string parentArn, CancellationToken ct)
    {
        var read = await childLogs.ReadAsync(mapRun, ct).ConfigureAwait(false);
        var lines = childLogs.Take(child.ExecutionArn);
        if (lines is null && !read)
        {
            throw new LogGroupNotReadException($"the log group of {ExpressChildLogs.StateMachineOf(mapRun)} could not be read whole: the EXPRESS child's events wait for the next run");
        }
        if (childLogs.StartedBeforeWindow(mapRun, child.StartDate))
        {
            // A parent met RUNNING by an earlier run, whose first children logged before this run's window.
            lines?.Dispose();
            throw new LinesBeforeWindowException($"the EXPRESS child started at {child.StartDate:O}, before this run's window of {ExpressChildLogs.StateMachineOf(mapRun)}'s log group: the next run reads the group from its start");
        }
        unit.ListedChildren.Add((child, parentArn, lines));
    }

    /// <summary>Fetches one part of a unit; a part that fails for good is undone and recorded as pending.</summary>
    private static async Task PartAsync(WorkUnit unit, PendingFetch part, Func<Task> fetch, CancellationToken ct)
    {
        var mark = unit.Mark();
        try
        {
            await fetch().ConfigureAwait(false);
        }
        catch (Exception e) when (IsFetchFailure(e, ct))
        {
            unit.Rollback(mark);
            unit.Pending.Add((part, e.Message, Failed: e is not LinesBeforeWindowException));
        }
    }

    /// <summary>An error a later run may not meet (retries exhausted, a page that cannot be read); not cancellation.
    /// A role session that could not be renewed fails the executions that needed it, not the run.</summary>
    private static bool IsFetchFailure(Exception e, CancellationToken ct) =>
        e is AwsServiceException or InvalidOperationException or JsonException or Analytics.Aws.Credentials.AssumeRoleException or LogGroupNotReadException or LinesBeforeWindowException
        && !ct.IsCancellationRequested;

    /// <summary>All pages of one history; an expired token restarts the history from its first page.</summary>
    private async Task<List<HistoryPage>> FetchPagesAsync(Func<IAsyncEnumerable<HistoryPage>> read, string api, string arn)
    {
        for (var attempt = 0; ; attempt++)
        {
            var pages = new List<HistoryPage>();
            try
            {
                await foreach (var page in read().ConfigureAwait(false))
                {
                    pages.Add(page);
                }
                return pages;
            }
            catch (PaginationTokenExpiredException) when (attempt < MaxListingRestarts)
            {
                ExportLog.TokenExpired(_logger, api, arn);
                Interlocked.Increment(ref _paginationRestarts);
                pages.ForEach(p => p.Dispose());
            }
            catch
            {
                pages.ForEach(p => p.Dispose());
                throw;
            }
        }
    }

    /// <summary>The distinct <c>mapRunArn</c> values of MapRunStarted events (a byte search first: most histories have none).</summary>
    internal static List<string> MapRunArns(List<HistoryPage> pages)
    {
        var arns = new List<string>();
        foreach (var page in pages)
        {
            var json = page.Json.Span;
            if (json.IndexOf("mapRunStartedEventDetails"u8) < 0)
            {
                continue;
            }
            var reader = new Utf8JsonReader(json);
            var inDetails = -1;
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("mapRunStartedEventDetails"u8))
                {
                    inDetails = reader.CurrentDepth;
                }
                else if (inDetails >= 0 && reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == inDetails)
                {
                    inDetails = -1;
                }
                else if (inDetails >= 0 && reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("mapRunArn"u8) && reader.Read()
                    && reader.TokenType == JsonTokenType.String && reader.GetString() is { } arn && !arns.Contains(arn))
                {
                    arns.Add(arn);
                }
            }
        }
        return arns;
    }
}
