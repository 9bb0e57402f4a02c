using Analytics.Aws.Http;

namespace Analytics.Aws.Tests.Http;

public sealed class PooledBufferTests
{
    [Theory]
    [InlineData(0, null)]
    [InlineData(10, 10L)]
    [InlineData(200_000, null)]
    [InlineData(200_000, 200_000L)]
    public async Task Reads_whole_bodies_of_any_size_with_or_without_a_length(int size, long? contentLength)
    {
        var data = Enumerable.Range(0, size).Select(i => (byte)(i * 31)).ToArray();
        // A stream that hands out small chunks, as a socket does.
        await using var stream = new TrickleStream(data, chunk: 1500);

        using var buffer = await PooledBuffer.ReadAsync(stream, contentLength, CancellationToken.None);

        Assert.Equal(size, buffer.Length);
        Assert.True(buffer.Span.SequenceEqual(data));
    }

    [Fact]
    public void A_detached_buffer_is_not_returned_twice_and_a_disposed_one_refuses_access()
    {
        var buffer = PooledBufferFrom([1, 2, 3]);
        var array = buffer.Detach();
        buffer.Dispose();

        Assert.Equal(1, array[0]);
        Assert.Throws<ObjectDisposedException>(() => buffer.Memory);
    }

    [Fact]
    public void History_page_hands_out_its_json_until_disposed()
    {
        var json = """{"events":[],"nextToken":"t"}"""u8.ToArray();
        var page = HistoryPage.FromResponse(PooledBufferFrom(json), "nextToken"u8);

        Assert.Equal("t", page.NextToken);
        Assert.True(page.Json.Span.SequenceEqual(json));
        page.Dispose();
        Assert.Throws<ObjectDisposedException>(() => page.Json);
    }

    private static PooledBuffer PooledBufferFrom(byte[] data) =>
        PooledBuffer.ReadAsync(new MemoryStream(data), data.Length, CancellationToken.None).GetAwaiter().GetResult();

    private sealed class TrickleStream(byte[] data, int chunk) : MemoryStream(data)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, chunk)], cancellationToken);
    }
}
