using System.Numerics;
using System.Runtime.CompilerServices;

namespace Analytics.Export.Manifest;

/// <summary>
/// The exported executions (redrive count and chunk per ARN) in a compact open-addressing table of 16-byte slots: an ARN
/// is kept as two independent 64-bit hashes, all of the first and the top 32 bits of the second (a false match needs
/// those 96 bits to collide: ~1 in 10^23 per lookup at 1,000,000 executions, ~10^-17 for any two of 10,000,000), with
/// the chunk as an index into the few distinct chunk names (20 bits) and the redrive count (12 bits) packed beside them
/// (see <see cref="Slot"/>); ~200 bytes of a string-keyed dictionary entry with its ARN string become 16.
/// The slots are split into <see cref="SegmentCount"/> segments chosen by the top bits of the first hash, each growing
/// on its own at 3/4 load, so growth holds two copies of one segment, never of the whole table: 2,900,000 executions
/// take 64 MB (2^22 slots).
/// Values beyond the packed ranges stay exact in a side dictionary: a redrive count of 4,095 or more (AWS documents no
/// per-execution redrive limit, but a STANDARD history stops at 25,000 events and each redrive adds an
/// ExecutionRedriven event; a Map Run is redriven at most 1,000 times) or the 1,048,575th distinct chunk on.
/// ARNs cannot be listed back; nothing needs them (the Parquet files hold them).
/// </summary>
public sealed partial class ExportedExecutions
{
    internal const int SegmentBits = 8;
    internal const int SegmentCount = 1 << SegmentBits;
    private const int FirstSegmentSlots = 16;

    private readonly List<string> _chunks = [];
    private readonly Dictionary<string, int> _chunkIndex = new(StringComparer.Ordinal);
    private readonly Slot[][] _segments = new Slot[SegmentCount][];
    private readonly int[] _segmentCounts = new int[SegmentCount];

    /// <summary>Exact values of the entries whose slot holds <see cref="Slot.Overflow"/>, by their key.</summary>
    private readonly Dictionary<(ulong H1, uint Check), (int RedriveCount, int Chunk)> _overflow = [];

    public ExportedExecutions()
    {
        for (var i = 0; i < SegmentCount; i++)
        {
            _segments[i] = new Slot[FirstSegmentSlots];
        }
    }

    public int Count { get; private set; }

    /// <summary>Slots in all segments, empty ones included.</summary>
    internal long Slots => _segments.Sum(s => (long)s.Length);

    /// <summary>Each segment's slot count, in segment order.</summary>
    internal IEnumerable<int> SegmentSlots => _segments.Select(s => s.Length);

    /// <summary>Bytes held by the table's slots (the chunk names and any overflowing values add a few kilobytes).</summary>
    public long TableBytes => Slots * Unsafe.SizeOf<Slot>();

    /// <summary>Entries whose redrive count or chunk did not fit their slot.</summary>
    internal int OverflowCount => _overflow.Count;

    /// <summary>The redrive count exported and the chunk holding the rows; throws when the ARN was never exported.</summary>
    public (int RedriveCount, string Chunk) this[string arn]
    {
        get => TryGetValue(arn, out var value) ? value : throw new KeyNotFoundException($"{arn} was not exported");
        set => Set(arn, value.RedriveCount, value.Chunk);
    }

    public bool ContainsKey(string arn) => TryGetValue(arn, out _);

    public bool TryGetValue(string arn, out (int RedriveCount, string Chunk) value)
    {
        ArgumentNullException.ThrowIfNull(arn);
        var (h1, check) = Key(arn);
        var segment = _segments[SegmentOf(h1)];
        var slot = segment[Find(segment, h1, check)];
        if (slot.IsEmpty)
        {
            value = default;
            return false;
        }
        var (redriveCount, chunk) = ValueOf(slot);
        value = (redriveCount, _chunks[chunk - 1]);
        return true;
    }

    private void Set(string arn, int redriveCount, string chunk)
    {
        ArgumentNullException.ThrowIfNull(arn);
        ArgumentNullException.ThrowIfNull(chunk);
        if (!_chunkIndex.TryGetValue(chunk, out var chunkId))
        {
            _chunks.Add(chunk);
            _chunkIndex[chunk] = chunkId = _chunks.Count; // 0 marks an empty slot
        }
        var (h1, check) = Key(arn);
        Store(h1, check, redriveCount, chunkId, replace: true);
    }

    /// <summary>Puts an entry in its segment (growing it first at 3/4 load); false when the key was there and <paramref name="replace"/> is not set.</summary>
    private bool Store(ulong h1, uint check, int redriveCount, int chunkId, bool replace)
    {
        var s = SegmentOf(h1);
        var segment = _segments[s];
        var at = Find(segment, h1, check);
        if (!segment[at].IsEmpty)
        {
            if (!replace)
            {
                return false;
            }
            if (segment[at].IsOverflow)
            {
                _overflow.Remove((h1, check));
            }
        }
        else
        {
            if ((_segmentCounts[s] + 1) * 4 > segment.Length * 3)
            {
                _segments[s] = segment = Grown(segment);
                at = Find(segment, h1, check);
            }
            _segmentCounts[s]++;
            Count++;
        }
        if (Slot.Fits(redriveCount, chunkId))
        {
            segment[at] = Slot.Of(h1, check, redriveCount, chunkId);
        }
        else
        {
            segment[at] = Slot.Overflowing(h1, check);
            _overflow[(h1, check)] = (redriveCount, chunkId);
        }
        return true;
    }

    private (int RedriveCount, int Chunk) ValueOf(Slot slot) =>
        slot.IsOverflow ? _overflow[(slot.H1, slot.Check)] : (slot.RedriveCount, slot.Chunk);

    /// <summary>Forgets every execution whose rows are in one of these chunks (their files were lost).</summary>
    public int RemoveChunks(IEnumerable<string> chunks)
    {
        var ids = chunks.Select(c => _chunkIndex.GetValueOrDefault(c)).Where(id => id != 0).ToHashSet();
        if (ids.Count == 0)
        {
            return 0;
        }
        // Linear probing cannot leave holes: rebuild each segment, one at a time, from the entries that stay.
        var removed = 0;
        for (var s = 0; s < SegmentCount; s++)
        {
            var kept = new Slot[_segments[s].Length];
            foreach (var slot in _segments[s])
            {
                if (slot.IsEmpty)
                {
                    continue;
                }
                if (ids.Contains(ValueOf(slot).Chunk))
                {
                    if (slot.IsOverflow)
                    {
                        _overflow.Remove((slot.H1, slot.Check));
                    }
                    _segmentCounts[s]--;
                    removed++;
                    continue;
                }
                kept[Find(kept, slot.H1, slot.Check)] = slot;
            }
            _segments[s] = kept;
        }
        Count -= removed;
        return removed;
    }

    private static Slot[] Grown(Slot[] segment)
    {
        var larger = new Slot[segment.Length * 2];
        foreach (var slot in segment)
        {
            if (!slot.IsEmpty)
            {
                larger[Find(larger, slot.H1, slot.Check)] = slot;
            }
        }
        return larger;
    }

    /// <summary>The segment of a key: the top bits of its first hash (the probe starts at the low bits).</summary>
    private static int SegmentOf(ulong h1) => (int)(h1 >> (64 - SegmentBits));

    /// <summary>The slot holding this key, or the empty slot where it belongs (linear probing; a segment is never full).</summary>
    private static int Find(Slot[] segment, ulong h1, uint check)
    {
        var mask = segment.Length - 1;
        var at = (int)(h1 & (ulong)mask);
        while (!segment[at].IsEmpty && (segment[at].H1 != h1 || segment[at].Check != check))
        {
            at = (at + 1) & mask;
        }
        return at;
    }

    /// <summary>The table's key of an ARN: the first hash whole and the top half of the second.</summary>
    private static (ulong H1, uint Check) Key(string arn)
    {
        var (h1, h2) = Hash(arn);
        return (h1, CheckOf(h2));
    }

    private static uint CheckOf(ulong h2) => (uint)(h2 >> 32);

    /// <summary>FNV-1a and a multiply-rotate hash of the ARN's characters: independent enough to act as one 128-bit key.</summary>
    internal static (ulong H1, ulong H2) Hash(string arn)
    {
        var h1 = 14695981039346656037UL;
        var h2 = 0x9E3779B97F4A7C15UL ^ (ulong)arn.Length;
        foreach (var c in arn)
        {
            h1 = (h1 ^ c) * 1099511628211UL;
            h2 = BitOperations.RotateLeft((h2 ^ c) * 0xC2B2AE3D27D4EB4FUL, 31);
        }
        // Final avalanche of h1 so its low bits (the probe start) depend on every character.
        h1 ^= h1 >> 33;
        h1 *= 0xFF51AFD7ED558CCDUL;
        h1 ^= h1 >> 33;
        h2 ^= h2 >> 29;
        h2 *= 0x94D049BB133111EBUL;
        h2 ^= h2 >> 32;
        return (h1, h2);
    }

    /// <summary>
    /// One slot: the first hash, then 64 bits of the top 32 bits of the second hash, the chunk index (20 bits; 0 marks
    /// an empty slot) and the redrive count (12 bits). All ones in the chunk or redrive bits mark an entry whose values
    /// are in the side dictionary.
    /// </summary>
    private readonly record struct Slot(ulong H1, ulong Packed)
    {
        private const int RedriveBits = 12;
        private const int ChunkBits = 20;
        private const ulong RedriveMask = (1UL << RedriveBits) - 1;
        private const ulong ChunkMask = (1UL << ChunkBits) - 1;

        /// <summary>The largest redrive count and chunk index a slot holds itself.</summary>
        internal const int MaxRedriveCount = (int)RedriveMask - 1, MaxChunk = (int)ChunkMask - 1;

        public bool IsEmpty => Chunk == 0;

        public bool IsOverflow => Chunk == (int)ChunkMask;

        public uint Check => (uint)(Packed >> 32);

        public int Chunk => (int)((Packed >> RedriveBits) & ChunkMask);

        public int RedriveCount => (int)(Packed & RedriveMask);

        public static bool Fits(int redriveCount, int chunk) =>
            redriveCount is >= 0 and <= MaxRedriveCount && chunk is >= 1 and <= MaxChunk;

        public static Slot Of(ulong h1, uint check, int redriveCount, int chunk) =>
            new(h1, ((ulong)check << 32) | ((ulong)(uint)chunk << RedriveBits) | (uint)redriveCount);

        public static Slot Overflowing(ulong h1, uint check) =>
            new(h1, ((ulong)check << 32) | (ChunkMask << RedriveBits) | RedriveMask);
    }
}
