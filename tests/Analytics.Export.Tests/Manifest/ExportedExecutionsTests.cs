using Analytics.Export.Manifest;

namespace Analytics.Export.Tests.Manifest;

public sealed class ExportedExecutionsTests
{
    private static string Arn(int i) => $"arn:aws:states:us-east-1:123456789012:execution:order-fulfillment:exec-{i:D7}";

    [Fact]
    public void Exported_executions_are_found_with_their_redrive_count_and_chunk_across_growth()
    {
        var exported = new ExportedExecutions();
        for (var i = 0; i < 200_000; i++)
        {
            exported[Arn(i)] = (i % 3, $"r1-{i / 2000:D6}");
        }
        Assert.Equal(200_000, exported.Count);
        for (var i = 0; i < 200_000; i += 997)
        {
            Assert.Equal((i % 3, $"r1-{i / 2000:D6}"), exported[Arn(i)]);
        }
        Assert.False(exported.ContainsKey(Arn(200_000)));
        Assert.False(exported.TryGetValue("arn:aws:states:us-east-1:123456789012:execution:order-fulfillment:other", out _));
        Assert.Throws<KeyNotFoundException>(() => exported[Arn(-1)]);
    }

    [Fact]
    public void A_re_exported_execution_replaces_its_entry_without_counting_twice()
    {
        var exported = new ExportedExecutions();
        exported[Arn(1)] = (0, "r1-000001");
        exported[Arn(1)] = (1, "r2-000003");
        Assert.Equal(1, exported.Count);
        Assert.Equal((1, "r2-000003"), exported[Arn(1)]);
    }

    [Fact]
    public void A_million_executions_take_tens_of_megabytes_not_hundreds()
    {
        var exported = new ExportedExecutions();
        for (var i = 0; i < 1_000_000; i++)
        {
            exported[Arn(i)] = (0, $"r1-{i / 2000:D6}");
        }
        // 24-byte slots, 2^21 of them at this count: the ARN strings themselves are not kept.
        Assert.Equal(24L << 21, exported.TableBytes);
        Assert.True(exported.ContainsKey(Arn(999_999)));
    }

    [Fact]
    public void The_table_grows_outside_the_garbage_collected_heap()
    {
        // It lives as long as the export and grows with the account: on the large-object heap it held up the GC's
        // budget for dead large arrays too (3,569,292 execution rows: a 100 MB table, 201 MB after its last doubling).
        var arns = Enumerable.Range(0, 200_000).Select(Arn).ToArray();
        var chunks = Enumerable.Range(0, 100).Select(i => $"r1-{i:D6}").ToArray();
        var exported = new ExportedExecutions();
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < arns.Length; i++)
        {
            exported[arns[i]] = (0, chunks[i / 2000]);
        }
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(24L << 19, exported.TableBytes);
        Assert.True(allocated < 64 << 10, $"{allocated:N0} bytes allocated on the GC heap for {exported.TableBytes:N0} bytes of slots");
        Assert.Equal(200_000, exported.Count);
        Assert.Equal(0, exported.RemoveChunks(["r9-000000"]));
        Assert.Equal(2000, exported.RemoveChunks([chunks[7]]));
        Assert.False(exported.ContainsKey(arns[7 * 2000]));
        Assert.True(exported.ContainsKey(arns[(8 * 2000) + 1]));
    }
}
