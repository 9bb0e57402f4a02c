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
}
