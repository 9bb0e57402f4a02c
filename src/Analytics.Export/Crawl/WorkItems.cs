using Analytics.Aws;
using Analytics.Aws.StepFunctions.Model;
using Analytics.Export.Manifest;
using Analytics.Export.Targets;

namespace Analytics.Export.Crawl;

/// <summary>Per state machine or function: what its listing found and how much of it the writer has staged.</summary>
internal sealed class SourceProgress(string arn, SourceKind kind, ExportUnit unit)
{
    private int _outstanding;

    public string Arn { get; } = arn;

    public SourceKind Kind { get; } = kind;

    /// <summary>The unit the source is of (what the writer counts its exports under).</summary>
    public ExportUnit Unit { get; } = unit;

    public DateTimeOffset? NewestKey { get; set; }

    /// <summary>
    /// A STANDARD machine's log crawl: the listing whose Map Run fetches take the EXPRESS children's lines it reads. The
    /// crawl's watermark moves only once that listing has completed clean: a run that ends before (killed, stopped, a
    /// fetch failed) leaves parents unexported whose children's lines the next run must read again.
    /// </summary>
    public SourceProgress? LinesTakenBy { get; init; }

    public bool ListingDone { get; set; }

    public bool Failed { get; set; }

    public bool Completed { get; set; }

    /// <summary>Newly seen RUNNING executions (a set: a restarted listing may meet one twice).</summary>
    public HashSet<RunningItem> RunningAdds { get; } = [];

    public List<string> RunningRemoves { get; } = [];

    /// <summary>Every execution this run's listing or describe calls found open, with what they said of it.</summary>
    public List<OpenExecution> Open { get; } = [];

    public int Outstanding => Volatile.Read(ref _outstanding);

    public void Scheduled() => Interlocked.Increment(ref _outstanding);

    public void Finished() => Interlocked.Decrement(ref _outstanding);
}

internal readonly record struct RunningItem(string Arn, string Source, SourceKind Kind);

/// <summary>A row of the <c>open_executions</c> snapshot.</summary>
internal sealed record OpenExecution(string Arn, SourceKind Kind, string SourceArn, string SourceName, string Name, string Status, DateTimeOffset StartDate,
    string? MapRunArn = null, string? ParentArn = null);

/// <summary>
/// An execution to fetch: a closed top-level Step Functions execution or durable execution; or, with
/// <paramref name="Resume"/>, only the pending parts of an exported execution's Map Run unit.
/// </summary>
internal sealed record FetchRequest(SourceProgress Source, string Arn, DateTimeOffset StartDate, int RedriveCount, IReadOnlyList<PendingFetch>? Resume = null);

/// <summary>A fetched history, pages in order (pooled: disposed by the writer).</summary>
internal sealed record FetchedHistory(string Arn, DateTimeOffset StartDate, string? MapRunArn, string? ParentArn, List<HistoryPage> Pages);

/// <summary>Everything one top-level execution brings into the dataset, handed to the writer as one message.</summary>
internal sealed class WorkUnit(FetchRequest request)
{
    public FetchRequest Request { get; } = request;

    public List<FetchedHistory> Histories { get; } = [];

    /// <summary>Map Run children without a history (EXPRESS, or still running): their listing item, and an EXPRESS
    /// one's log lines (in id order, each once) when the parent's log group held them all.</summary>
    public List<(ExecutionListItem Item, string ParentArn, LogLines? Logged)> ListedChildren { get; } = [];

    public List<(DescribeMapRunResponse MapRun, string StateMachineArn)> MapRuns { get; } = [];

    /// <summary>Parts that failed for good (or, not <c>Failed</c>, could not be complete in this run), with why: the rest
    /// of the unit is committed, these wait for a later run.</summary>
    public List<(PendingFetch Part, string Reason, bool Failed)> Pending { get; } = [];

    /// <summary>An EXPRESS execution's log lines (CloudWatch Logs messages), in id order, each once.</summary>
    public LogLines? Logged { get; init; }

    /// <summary>Why the unit could not be fetched (the execution is retried by a later run).</summary>
    public string? Failure { get; set; }

    /// <summary>How far the unit has got, to undo a part that fails (<see cref="Rollback"/>).</summary>
    public (int Histories, int ListedChildren, int MapRuns, int Pending) Mark() => (Histories.Count, ListedChildren.Count, MapRuns.Count, Pending.Count);

    public void Rollback((int Histories, int ListedChildren, int MapRuns, int Pending) mark)
    {
        foreach (var history in Histories.Skip(mark.Histories))
        {
            history.Pages.ForEach(p => p.Dispose());
        }
        Histories.RemoveRange(mark.Histories, Histories.Count - mark.Histories);
        ListedChildren.RemoveRange(mark.ListedChildren, ListedChildren.Count - mark.ListedChildren);
        MapRuns.RemoveRange(mark.MapRuns, MapRuns.Count - mark.MapRuns);
        Pending.RemoveRange(mark.Pending, Pending.Count - mark.Pending);
    }

    public long Bytes => Histories.Sum(h => h.Pages.Sum(p => (long)p.Json.Length)) + (Logged?.Bytes ?? 0)
        + ListedChildren.Sum(c => c.Logged?.Bytes ?? 0);

    public void DisposePages()
    {
        foreach (var history in Histories)
        {
            foreach (var page in history.Pages)
            {
                page.Dispose();
            }
        }
    }
}

/// <summary>What flows from the listers and fetchers to the single writer.</summary>
internal abstract record WriterMessage
{
    public sealed record Unit(WorkUnit Work) : WriterMessage;

    public sealed record ListingDone(SourceProgress Source) : WriterMessage;

    /// <summary>Snapshot rows: added by the writer's thread (the chunk stage has one user at a time, and units run in parallel).</summary>
    public sealed record Rows(Action<ChunkWriter> Add) : WriterMessage;
}
