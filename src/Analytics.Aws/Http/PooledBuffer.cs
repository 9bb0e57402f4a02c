using System.Buffers;

namespace Analytics.Aws.Http;

/// <summary>A response body read into an array rented from <see cref="ArrayPool{T}.Shared"/>.</summary>
internal sealed class PooledBuffer : IDisposable
{
    private const int DefaultInitialSize = 16 * 1024;
    private byte[]? _array;

    private PooledBuffer(byte[] array, int length)
    {
        _array = array;
        Length = length;
    }

    public int Length { get; }

    public ReadOnlyMemory<byte> Memory => new(_array ?? throw new ObjectDisposedException(nameof(PooledBuffer)), 0, Length);

    public ReadOnlySpan<byte> Span => Memory.Span;

    /// <summary>Reads a stream to its end; <paramref name="expectedLength"/> (Content-Length) sizes the first rental.</summary>
    public static async Task<PooledBuffer> ReadAsync(Stream stream, long? expectedLength, CancellationToken cancellationToken)
    {
        var size = expectedLength is > 0 and < int.MaxValue ? (int)expectedLength.Value + 1 : DefaultInitialSize;
        var array = ArrayPool<byte>.Shared.Rent(size);
        var length = 0;
        try
        {
            while (true)
            {
                if (length == array.Length)
                {
                    var bigger = ArrayPool<byte>.Shared.Rent(checked(array.Length * 2));
                    array.AsSpan(0, length).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(array);
                    array = bigger;
                }

                var read = await stream.ReadAsync(array.AsMemory(length), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return new PooledBuffer(array, length);
                }

                length += read;
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(array);
            throw;
        }
    }

    /// <summary>Hands the rented array to a new owner (this instance no longer returns it).</summary>
    public byte[] Detach()
    {
        var array = _array ?? throw new ObjectDisposedException(nameof(PooledBuffer));
        _array = null;
        return array;
    }

    public void Dispose()
    {
        var array = Interlocked.Exchange(ref _array, null);
        if (array is not null)
        {
            ArrayPool<byte>.Shared.Return(array);
        }
    }
}
