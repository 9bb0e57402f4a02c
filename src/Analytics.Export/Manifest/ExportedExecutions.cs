using System.Numerics;
using System.Runtime.CompilerServices;

namespace Analytics.Export.Manifest;

/// <summary>
/// The exported executions (redrive count and chunk per ARN) in a compact open-addressing table: an ARN is kept as
/// two independent 64-bit hashes (a false match needs both to collide, about 1 in 10^25 per pair at 1,000,000
/// executions) and the chunk as an index into the few distinct chunk names, so an entry takes 24 bytes instead of the
/// ~200 of a string-keyed dictionary entry with its ARN string: 1,000,000 executions cost 48 MB (2^21 slots; the
/// table doubles at 3/4 load).
/// ARNs cannot be listed back; nothing needs them (the Parquet files hold them).
/// </summary>
public sealed class ExportedExecutions
{
    private readonly List<string> _chunks = [];
    private readonly Dictionary<string, int> _chunkIndex = new(StringComparer.Ordinal);
    private Entry[] _entries = new Entry[1024];

    public int Count { get; private set; }

    /// <summary>Bytes held by the table's slots (the chunk names add a few kilobytes).</summary>
    public long TableBytes => (long)_entries.Length * Unsafe.SizeOf<Entry>();

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
        var (h1, h2) = Hash(arn);
        var slot = Find(_entries, h1, h2);
        if (_entries[slot].Chunk == 0)
        {
            value = default;
            return false;
        }
        value = (_entries[slot].RedriveCount, _chunks[_entries[slot].Chunk - 1]);
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
        var (h1, h2) = Hash(arn);
        var slot = Find(_entries, h1, h2);
        if (_entries[slot].Chunk == 0)
        {
            if ((Count + 1) * 4 > _entries.Length * 3)
            {
                Grow();
                slot = Find(_entries, h1, h2);
            }
            Count++;
        }
        _entries[slot] = new Entry(h1, h2, redriveCount, chunkId);
    }

    /// <summary>Forgets every execution whose rows are in one of these chunks (their files were lost).</summary>
    public int RemoveChunks(IEnumerable<string> chunks)
    {
        var ids = chunks.Select(c => _chunkIndex.GetValueOrDefault(c)).Where(id => id != 0).ToHashSet();
        if (ids.Count == 0)
        {
            return 0;
        }
        // Linear probing cannot leave holes: rebuild the table from the entries that stay.
        var kept = new Entry[_entries.Length];
        var removed = 0;
        foreach (var entry in _entries)
        {
            if (entry.Chunk == 0)
            {
                continue;
            }
            if (ids.Contains(entry.Chunk))
            {
                removed++;
                continue;
            }
            kept[Find(kept, entry.H1, entry.H2)] = entry;
        }
        _entries = kept;
        Count -= removed;
        return removed;
    }

    private void Grow()
    {
        var larger = new Entry[_entries.Length * 2];
        foreach (var entry in _entries)
        {
            if (entry.Chunk != 0)
            {
                larger[Find(larger, entry.H1, entry.H2)] = entry;
            }
        }
        _entries = larger;
    }

    /// <summary>The slot holding this key, or the empty slot where it belongs (linear probing; the table is never full).</summary>
    private static int Find(Entry[] entries, ulong h1, ulong h2)
    {
        var mask = entries.Length - 1;
        var slot = (int)(h1 & (ulong)mask);
        while (entries[slot].Chunk != 0 && (entries[slot].H1 != h1 || entries[slot].H2 != h2))
        {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

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

    /// <summary>Writes the table for a manifest snapshot: chunk names, then the occupied slots.</summary>
    internal void WriteTo(BinaryWriter writer)
    {
        writer.Write(_chunks.Count);
        foreach (var chunk in _chunks)
        {
            writer.Write(chunk);
        }
        writer.Write(Count);
        foreach (var entry in _entries)
        {
            if (entry.Chunk != 0)
            {
                writer.Write(entry.H1);
                writer.Write(entry.H2);
                writer.Write(entry.RedriveCount);
                writer.Write(entry.Chunk);
            }
        }
    }

    /// <summary>Fills an empty table from <see cref="WriteTo"/>'s output.</summary>
    /// <exception cref="InvalidDataException">The data is not such a table.</exception>
    internal void ReadFrom(BinaryReader reader)
    {
        if (Count != 0 || _chunks.Count != 0)
        {
            throw new InvalidOperationException("The table is not empty.");
        }
        var chunks = reader.ReadInt32();
        for (var i = 0; i < chunks; i++)
        {
            var chunk = reader.ReadString();
            _chunks.Add(chunk);
            _chunkIndex[chunk] = _chunks.Count;
        }
        var count = reader.ReadInt32();
        if (chunks < 0 || count < 0)
        {
            throw new InvalidDataException("negative table size");
        }
        var slots = 1024;
        while ((long)count * 4 > (long)slots * 3)
        {
            slots *= 2;
        }
        _entries = new Entry[slots];
        for (var i = 0; i < count; i++)
        {
            var entry = new Entry(reader.ReadUInt64(), reader.ReadUInt64(), reader.ReadInt32(), reader.ReadInt32());
            if (entry.Chunk < 1 || entry.Chunk > chunks)
            {
                throw new InvalidDataException($"chunk index {entry.Chunk} out of range");
            }
            var slot = Find(_entries, entry.H1, entry.H2);
            if (_entries[slot].Chunk != 0)
            {
                throw new InvalidDataException("duplicate entry");
            }
            _entries[slot] = entry;
        }
        Count = count;
    }

    private readonly record struct Entry(ulong H1, ulong H2, int RedriveCount, int Chunk);
}
