using System.Buffers;
using System.Runtime.CompilerServices;

namespace Analytics.Core.Json;

/// <summary>
/// A growable, reusable byte buffer (pooled) holding values that must outlive one page: state names, errors, ARNs.
/// Values are addressed by <see cref="Slice"/>; <see cref="Clear"/> forgets them all and keeps the memory.
/// </summary>
internal sealed class ByteArena : IDisposable
{
    private byte[] _data;

    public ByteArena(int initialSize = 4096) => _data = ArrayPool<byte>.Shared.Rent(initialSize);

    public int Length { get; private set; }

    public Slice Append(ReadOnlySpan<byte> value)
    {
        var start = Length;
        value.CopyTo(Reserve(value.Length));
        return new Slice(start, value.Length);
    }

    /// <summary>Grows the used part by <paramref name="length"/> bytes and returns them to fill.</summary>
    public Span<byte> Reserve(int length)
    {
        if (Length + length > _data.Length)
        {
            Grow(Length + length);
        }
        var span = _data.AsSpan(Length, length);
        Length += length;
        return span;
    }

    public void Append(byte value)
    {
        if (Length == _data.Length)
        {
            Grow(Length + 1);
        }
        _data[Length++] = value;
    }

    /// <summary>Drops the bytes after <paramref name="length"/>.</summary>
    public void Truncate(int length) => Length = length;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<byte> Get(Slice slice) => slice.Length > 0 ? _data.AsSpan(slice.Start, slice.Length) : default;

    public ReadOnlySpan<byte> Written => _data.AsSpan(0, Length);

    public void Clear() => Length = 0;

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_data);
        _data = [];
        Length = 0;
    }

    private void Grow(int needed)
    {
        var grown = ArrayPool<byte>.Shared.Rent(Math.Max(needed, _data.Length * 2));
        _data.AsSpan(0, Length).CopyTo(grown);
        ArrayPool<byte>.Shared.Return(_data);
        _data = grown;
    }
}

/// <summary>A range of a <see cref="ByteArena"/>; the default value means "no value" (distinct from empty).</summary>
internal readonly struct Slice
{
    private readonly int _lengthPlusOne;

    public Slice(int start, int length)
    {
        Start = start;
        _lengthPlusOne = length + 1;
    }

    public static Slice None => default;

    public int Start { get; }

    public int Length => _lengthPlusOne - 1;

    public bool HasValue => _lengthPlusOne > 0;
}
