using System.Numerics;

namespace Analytics.Core.Columns;

/// <summary>
/// The byte arenas of <see cref="VarcharColumn"/>s, reused from one batch to the next whatever its table: a column
/// rents its arena here, gives the old one back when it grows, and all of them back when its batch is released
/// (<see cref="ColumnBatch.Release"/>: a batch the batch pool does not keep). Arenas are powers of two, most of them
/// on the large-object heap: rented from <c>ArrayPool.Shared</c> and never returned, a dropped batch's arenas were
/// garbage until the next gen2 collection, and the large-object heap's budget grows with how little of it survives
/// (1M world export: 300-500 MB of it, 115 MB of dead arenas in a heap dump). Holds at most
/// <see cref="MaxSpareBytes"/> of spare arenas; beyond it a returned one is left to the collector. Thread-safe.
/// </summary>
public sealed class ArenaPool(long maxSpareBytes = ArenaPool.DefaultMaxSpareBytes)
{
    /// <summary>The default <see cref="MaxSpareBytes"/>: what a chunk's batches the batch pool drops hold, with room.</summary>
    public const long DefaultMaxSpareBytes = 8L << 20;

    /// <summary>The smallest arena (a 128-row batch's first).</summary>
    public const int MinArenaBytes = 4096;

    /// <summary>Arenas larger than this are neither pooled nor kept (one column value that large is rare).</summary>
    public const int MaxPooledBytes = 16 << 20;

    private readonly object _gate = new();
    private readonly Stack<byte[]>[] _spare = [.. Enumerable.Range(0, SizeClass(MaxPooledBytes) + 1).Select(_ => new Stack<byte[]>())];
    private long _spareBytes;
    private long _created;
    private long _reused;
    private long _dropped;

    /// <summary>The pool every column uses.</summary>
    public static ArenaPool Shared { get; } = new();

    public long MaxSpareBytes { get; } = maxSpareBytes >= 0 ? maxSpareBytes : throw new ArgumentOutOfRangeException(nameof(maxSpareBytes));

    /// <summary>An arena of at least <paramref name="minimumBytes"/> (a power of two): a spare one of that size, else
    /// a new one.</summary>
    public byte[] Rent(int minimumBytes)
    {
        var size = (int)Math.Min(BitOperations.RoundUpToPowerOf2((uint)Math.Max(minimumBytes, MinArenaBytes)), int.MaxValue);
        if (size <= MaxPooledBytes)
        {
            lock (_gate)
            {
                if (_spare[SizeClass(size)].TryPop(out var spare))
                {
                    _spareBytes -= spare.Length;
                    _reused++;
                    return spare;
                }
            }
        }
        Interlocked.Increment(ref _created);
        return GC.AllocateUninitializedArray<byte>(size);
    }

    /// <summary>Takes an arena back (its contents are forgotten), unless the spares are at their bound.</summary>
    public void Return(byte[] arena)
    {
        ArgumentNullException.ThrowIfNull(arena);
        var size = arena.Length;
        if (size < MinArenaBytes || size > MaxPooledBytes || !BitOperations.IsPow2(size))
        {
            // Not one of ours (an empty arena, or an unpooled size).
            return;
        }
        lock (_gate)
        {
            if (_spareBytes + size > MaxSpareBytes)
            {
                _dropped++;
                return;
            }
            _spare[SizeClass(size)].Push(arena);
            _spareBytes += size;
        }
    }

    /// <summary>Bytes of the spare arenas held now.</summary>
    public long SpareBytes
    {
        get
        {
            lock (_gate)
            {
                return _spareBytes;
            }
        }
    }

    /// <summary>Arenas allocated so far (a rent no spare could serve).</summary>
    public long Created => Interlocked.Read(ref _created);

    /// <summary>Rents served by a spare arena so far.</summary>
    public long Reused
    {
        get
        {
            lock (_gate)
            {
                return _reused;
            }
        }
    }

    /// <summary>Arenas given back while the spares were at their bound (left to the collector).</summary>
    public long Dropped
    {
        get
        {
            lock (_gate)
            {
                return _dropped;
            }
        }
    }

    private static int SizeClass(int size) => BitOperations.Log2((uint)size) - BitOperations.Log2(MinArenaBytes);
}
