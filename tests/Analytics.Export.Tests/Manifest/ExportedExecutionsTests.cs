using Analytics.Export.Manifest;
using Analytics.Export.Tests.Support;

namespace Analytics.Export.Tests.Manifest;

/// <summary>The exported-executions table; alone in its collection, as one test measures the heap it holds.</summary>
[Collection(ProcessHeapCollection.Name)]
public sealed class ExportedExecutionsTests
{
    internal static string Arn(int i) => $"arn:aws:states:us-east-1:123456789012:execution:order-fulfillment:exec-{i:D7}";

    [Fact]
    public void Exported_executions_are_found_with_their_redrive_count_and_chunk_across_growth()
    {
        var exported = new ExportedExecutions();
        for (var i = 0; i < 200_000; i++)
        {
            exported[Arn(i)] = (i % 3, $"r1-{i / 2000:D6}");
        }
        Assert.Equal(200_000, exported.Count);
        // ~780 entries a segment: every one of the 256 has grown from 16 slots to 1,024 or more (six doublings).
        Assert.All(exported.SegmentSlots, slots => Assert.True(slots >= 1024, $"{slots} slots"));
        for (var i = 0; i < 200_000; i++)
        {
            Assert.Equal((i % 3, $"r1-{i / 2000:D6}"), exported[Arn(i)]);
        }
        Assert.False(exported.ContainsKey(Arn(200_000)));
        Assert.False(exported.TryGetValue("arn:aws:states:us-east-1:123456789012:execution:order-fulfillment:other", out _));
        Assert.Throws<KeyNotFoundException>(() => exported[Arn(-1)]);
    }

    [Fact]
    public void Growth_copies_one_segment_at_a_time_never_the_whole_table()
    {
        var exported = new ExportedExecutions();
        var largestStep = 0L;
        for (var i = 0; i < 300_000; i++)
        {
            var before = exported.TableBytes;
            var allocated = GC.GetAllocatedBytesForCurrentThread();
            exported[Arn(i)] = (0, "r1-000001");
            var grownBy = GC.GetAllocatedBytesForCurrentThread() - allocated;
            // A grown segment allocates twice its slots; a whole-table doubling would allocate twice the table.
            var largestSegment = exported.SegmentSlots.Max() * 16L;
            Assert.True(grownBy <= largestSegment + 1024, $"{grownBy} bytes allocated by one insert; largest segment {largestSegment}");
            Assert.True(exported.TableBytes - before <= largestSegment / 2, $"the table grew from {before} to {exported.TableBytes} bytes");
            largestStep = Math.Max(largestStep, exported.TableBytes - before);
        }
        Assert.InRange(largestStep, 1, exported.TableBytes / 128);
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
    public void A_million_executions_take_16_bytes_a_slot()
    {
        GC.Collect();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var exported = new ExportedExecutions();
        for (var i = 0; i < 1_000_000; i++)
        {
            exported[Arn(i)] = (0, $"r1-{i / 2000:D6}");
        }
        var held = GC.GetTotalMemory(forceFullCollection: true) - before;

        // ~3,900 entries a segment: 8,192 slots each, 2^21 in all; the ARN strings themselves are not kept.
        Assert.Equal(1L << 21, exported.Slots);
        Assert.True(exported.TableBytes <= 16 * exported.Slots, $"{exported.TableBytes} bytes for {exported.Slots} slots");
        // What the process really holds for it: the slots and the 500 chunk names, nothing like 24 bytes a slot.
        Assert.True(held <= 16 * exported.Slots + (1 << 20), $"{held} bytes held for {exported.Slots} slots");
        Assert.True(exported.ContainsKey(Arn(999_999)));
        GC.KeepAlive(exported);
    }

    [Theory]
    [InlineData(4_094)] // the largest a slot holds
    [InlineData(4_095)]
    [InlineData(24_999)] // a STANDARD history's 25,000 events bound its redrives below this
    [InlineData(int.MaxValue)]
    [InlineData(-1)]
    public void Redrive_counts_beyond_a_slots_range_stay_exact(int redriveCount)
    {
        var exported = new ExportedExecutions();
        for (var i = 0; i < 10_000; i++)
        {
            exported[Arn(i)] = (i == 77 ? redriveCount : i % 5, "r1-000001");
        }
        Assert.Equal((redriveCount, "r1-000001"), exported[Arn(77)]);
        Assert.Equal((4, "r1-000001"), exported[Arn(79)]);
        Assert.Equal(redriveCount is >= 0 and <= 4_094 ? 0 : 1, exported.OverflowCount);

        // Replaced by a value that fits, the side entry goes; and back again.
        exported[Arn(77)] = (3, "r1-000002");
        Assert.Equal((3, "r1-000002"), exported[Arn(77)]);
        Assert.Equal(0, exported.OverflowCount);
        exported[Arn(77)] = (redriveCount, "r1-000003");
        Assert.Equal((redriveCount, "r1-000003"), exported[Arn(77)]);
        Assert.Equal(10_000, exported.Count);
    }

    [Fact]
    public void Chunks_beyond_a_slots_range_stay_exact()
    {
        // A slot holds chunk indexes up to 1,048,574: the entries of later chunks keep theirs beside the table.
        const int chunks = 1_048_600;
        var exported = new ExportedExecutions();
        for (var i = 0; i < chunks; i++)
        {
            exported[Arn(i)] = (i % 7, $"c{i}");
        }
        Assert.Equal(chunks - 1_048_574, exported.OverflowCount);
        for (var i = 1_048_560; i < chunks; i++)
        {
            Assert.Equal((i % 7, $"c{i}"), exported[Arn(i)]);
        }

        var copy = SnapshotRoundTrip(exported);
        Assert.Equal(exported.OverflowCount, copy.OverflowCount);
        Assert.Equal(chunks, copy.Count);
        for (var i = 1_048_560; i < chunks; i++)
        {
            Assert.Equal((i % 7, $"c{i}"), copy[Arn(i)]);
        }

        Assert.Equal(2, copy.RemoveChunks(["c1048590", "c3"]));
        Assert.False(copy.ContainsKey(Arn(1_048_590)));
        Assert.False(copy.ContainsKey(Arn(3)));
        Assert.Equal(exported.OverflowCount - 1, copy.OverflowCount);
        Assert.Equal((1_048_591 % 7, "c1048591"), copy[Arn(1_048_591)]);
    }

    [Fact]
    public void Removing_chunks_forgets_their_executions_and_keeps_the_others_findable()
    {
        var exported = new ExportedExecutions();
        for (var i = 0; i < 60_000; i++)
        {
            exported[Arn(i)] = (i % 11 == 0 ? 10_000 + i : 0, $"r1-{i % 10:D6}");
        }
        var overflowing = exported.OverflowCount;

        var removed = exported.RemoveChunks(["r1-000002", "r1-000005", "r1-000009", "never-exported"]);

        Assert.Equal(18_000, removed);
        Assert.Equal(42_000, exported.Count);
        for (var i = 0; i < 60_000; i++)
        {
            if (i % 10 is 2 or 5 or 9)
            {
                Assert.False(exported.ContainsKey(Arn(i)));
            }
            else
            {
                Assert.Equal((i % 11 == 0 ? 10_000 + i : 0, $"r1-{i % 10:D6}"), exported[Arn(i)]);
            }
        }
        // The side entries of the forgotten executions go with them.
        Assert.Equal(Enumerable.Range(0, 60_000).Count(i => i % 11 == 0 && i % 10 is not (2 or 5 or 9)), exported.OverflowCount);
        Assert.True(exported.OverflowCount < overflowing);
        Assert.Equal(0, exported.RemoveChunks(["r1-000002"]));
        exported[Arn(2)] = (1, "r1-000002");
        Assert.Equal((1, "r1-000002"), exported[Arn(2)]);
        Assert.Equal(42_001, exported.Count);
    }

    [Fact]
    public void A_version_2_table_reads_back_the_same()
    {
        var exported = new ExportedExecutions();
        for (var i = 0; i < 50_000; i++)
        {
            exported[Arn(i)] = (i % 13 == 0 ? 5_000 + i : i % 4, $"r{i % 3}-{i / 1000:D6}");
        }

        var copy = SnapshotRoundTrip(exported);

        Assert.Equal(50_000, copy.Count);
        Assert.Equal(exported.OverflowCount, copy.OverflowCount);
        Assert.Equal(exported.SegmentSlots, copy.SegmentSlots); // grown the same way, not presized past need
        for (var i = 0; i < 50_000; i++)
        {
            Assert.Equal(exported[Arn(i)], copy[Arn(i)]);
        }
        Assert.False(copy.ContainsKey(Arn(50_000)));
    }

    [Fact]
    public void A_version_2_table_whose_overflowing_entry_lost_its_values_is_refused()
    {
        var exported = new ExportedExecutions();
        exported[Arn(1)] = (9_999, "r1-000001");
        var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            exported.WriteTo(writer);
        }
        var bytes = stream.ToArray();
        // The chunk name, then the overflow section's count: zero it and drop its one entry (8 + 4 + 4 + 4 bytes).
        var overflowAt = 4 + 1 + "r1-000001".Length;
        Assert.Equal(1, BitConverter.ToInt32(bytes, overflowAt));
        var damaged = bytes[..overflowAt].Concat(BitConverter.GetBytes(0)).Concat(bytes[(overflowAt + 4 + 20)..]).ToArray();

        using var reader = new BinaryReader(new MemoryStream(damaged));
        Assert.Throws<InvalidDataException>(() => new ExportedExecutions().ReadFrom(reader, 2));
    }

    internal static ExportedExecutions SnapshotRoundTrip(ExportedExecutions exported)
    {
        var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            exported.WriteTo(writer);
        }
        stream.Position = 0;
        var copy = new ExportedExecutions();
        using var reader = new BinaryReader(stream);
        copy.ReadFrom(reader, 2);
        Assert.Equal(stream.Length, stream.Position);
        return copy;
    }
}
