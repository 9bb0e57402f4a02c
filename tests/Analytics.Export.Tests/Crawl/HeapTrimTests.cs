using Analytics.Export.Crawl;
using Analytics.Export.Tests.Support;

namespace Analytics.Export.Tests.Crawl;

/// <summary>
/// The crawl's heap trim: dead large objects past the slack are handed back at a commit; within it nothing is
/// collected. Alone in its collection: other tests' allocations would move the heap it measures.
/// </summary>
[Collection(ProcessHeapCollection.Name)]
public sealed class HeapTrimTests
{
    private const long Mb = 1L << 20;

    [Fact]
    public void Dead_large_objects_past_the_slack_are_collected_and_their_memory_handed_back()
    {
        var trim = new HeapTrim(slackBytes: 64 * Mb);
        GC.Collect();
        trim.AfterCommit(); // may trim already, in a process other tests have used
        var collections = trim.Collections;
        // 256 MB of large arrays that die at once, allocated where no collection may run: the garbage a crawl leaves
        // between the runtime's own full collections.
        Assert.True(GC.TryStartNoGCRegion(300 * Mb, 290 * Mb));
        AllocateDeadLargeArrays(256 * Mb);
        GC.EndNoGCRegion();
        var heldBefore = GC.GetTotalMemory(forceFullCollection: false);

        trim.AfterCommit();

        Assert.Equal(collections + 1, trim.Collections);
        // The collection's own figures: what it committed against what the heap held before it.
        var committed = GC.GetGCMemoryInfo(GCKind.FullBlocking).TotalCommittedBytes;
        Assert.True(committed <= heldBefore - 192 * Mb, $"the heap held {heldBefore / Mb} MB before the trim; {committed / Mb} MB committed after");
    }

    [Fact]
    public void Within_the_slack_nothing_is_collected()
    {
        var trim = new HeapTrim(slackBytes: 1L << 40);
        for (var i = 0; i < 3; i++)
        {
            AllocateDeadLargeArrays(16 * Mb);
            trim.AfterCommit();
        }
        Assert.Equal(0, trim.Collections);
    }

    private static void AllocateDeadLargeArrays(long bytes)
    {
        for (long done = 0; done < bytes; done += 1 * Mb)
        {
            var array = GC.AllocateUninitializedArray<byte>((int)Mb);
            array[0] = 1;
            GC.KeepAlive(array);
        }
    }
}
