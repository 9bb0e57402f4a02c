using System.Runtime;

namespace Analytics.Export.Crawl;

/// <summary>
/// Keeps the crawl's GC heap near what is live. The runtime's budgets grow with how much of the heap survives
/// (pooled column buffers, the exported set, log-page buffers), so between the full collections it starts itself the
/// heap held as much dead as live: at 1M executions 500 MB committed for 215 MB live, and the large-object heap is only
/// swept by those. Checked after each commit (a pause the writer takes anyway): when the heap has grown
/// <see cref="SlackBytes"/> past what the last full collection kept alive, one compacting full collection, large
/// objects included, hands the rest back to the system.
/// </summary>
internal sealed class HeapTrim(long slackBytes = HeapTrim.SlackBytes)
{
    /// <summary>Growth allowed past the last full collection's survivors. 1M world, 420 s: 128 MB peaked at 527 MB,
    /// 64 MB at 498 MB for 3 % more CPU per execution.</summary>
    public const long SlackBytes = 64L << 20;

    /// <summary>Collections this trim started.</summary>
    public int Collections { get; private set; }

    public void AfterCommit()
    {
        // What the last full collection kept alive, the runtime's or ours (blocking: the CLI turns concurrent
        // collections off); nothing before the first.
        var live = GC.GetGCMemoryInfo(GCKind.FullBlocking).PromotedBytes;
        // What the heap holds now, dead objects included, or what the GC had committed at its last collection if more
        // (free space between objects, the next allocations' room): the memory info describes that collection only.
        var held = Math.Max(GC.GetTotalMemory(forceFullCollection: false), GC.GetGCMemoryInfo().TotalCommittedBytes);
        if (held <= live + slackBytes)
        {
            return;
        }
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        Collections++;
    }
}
