namespace Analytics.Export.Manifest;

// The table in a manifest snapshot. Version 2 (this layout): chunk names, the overflowing entries' exact values, then
// the occupied slots as they are (16 bytes each). Version 1 (read only): chunk names, then every entry as both 64-bit
// hashes, redrive count and chunk (24 bytes); its entries are found by the same ARNs, keyed by the second hash's top half.
public sealed partial class ExportedExecutions
{
    /// <summary>Writes the table for a manifest snapshot (version 2).</summary>
    internal void WriteTo(BinaryWriter writer)
    {
        writer.Write(_chunks.Count);
        foreach (var chunk in _chunks)
        {
            writer.Write(chunk);
        }
        writer.Write(_overflow.Count);
        foreach (var ((h1, check), (redriveCount, chunk)) in _overflow)
        {
            writer.Write(h1);
            writer.Write(check);
            writer.Write(redriveCount);
            writer.Write(chunk);
        }
        writer.Write(Count);
        foreach (var segment in _segments)
        {
            foreach (var slot in segment)
            {
                if (!slot.IsEmpty)
                {
                    writer.Write(slot.H1);
                    writer.Write(slot.Packed);
                }
            }
        }
    }

    /// <summary>Fills an empty table from a snapshot's table of <paramref name="version"/> 1 or 2.</summary>
    /// <exception cref="InvalidDataException">The data is not such a table.</exception>
    internal void ReadFrom(BinaryReader reader, int version)
    {
        if (Count != 0 || _chunks.Count != 0)
        {
            throw new InvalidOperationException("The table is not empty.");
        }
        var chunks = reader.ReadInt32();
        if (chunks < 0)
        {
            throw new InvalidDataException("negative chunk count");
        }
        for (var i = 0; i < chunks; i++)
        {
            var chunk = reader.ReadString();
            _chunks.Add(chunk);
            _chunkIndex[chunk] = _chunks.Count;
        }
        var overflow = version == 2 ? ReadOverflow(reader) : [];
        var count = reader.ReadInt32();
        if (count < 0)
        {
            throw new InvalidDataException("negative table size");
        }
        var overflowing = 0;
        for (var i = 0; i < count; i++)
        {
            var (h1, check, redriveCount, chunk) = version == 2 ? ReadSlot(reader, overflow, ref overflowing)
                : (reader.ReadUInt64(), CheckOf(reader.ReadUInt64()), reader.ReadInt32(), reader.ReadInt32());
            if (chunk < 1 || chunk > chunks)
            {
                throw new InvalidDataException($"chunk index {chunk} out of range");
            }
            if (!Store(h1, check, redriveCount, chunk, replace: false))
            {
                throw new InvalidDataException("duplicate entry");
            }
        }
        if (overflowing != overflow.Count)
        {
            throw new InvalidDataException("overflowing values of no entry");
        }
    }

    private static Dictionary<(ulong H1, uint Check), (int RedriveCount, int Chunk)> ReadOverflow(BinaryReader reader)
    {
        var count = reader.ReadInt32();
        if (count < 0)
        {
            throw new InvalidDataException("negative overflow count");
        }
        var overflow = new Dictionary<(ulong H1, uint Check), (int RedriveCount, int Chunk)>(Math.Min(count, 1 << 16));
        for (var i = 0; i < count; i++)
        {
            if (!overflow.TryAdd((reader.ReadUInt64(), reader.ReadUInt32()), (reader.ReadInt32(), reader.ReadInt32())))
            {
                throw new InvalidDataException("duplicate overflow entry");
            }
        }
        return overflow;
    }

    /// <summary>A version-2 slot's key and values (an overflowing one's from the overflow section).</summary>
    private static (ulong H1, uint Check, int RedriveCount, int Chunk) ReadSlot(BinaryReader reader,
        Dictionary<(ulong H1, uint Check), (int RedriveCount, int Chunk)> overflow, ref int overflowing)
    {
        var slot = new Slot(reader.ReadUInt64(), reader.ReadUInt64());
        if (!slot.IsOverflow)
        {
            return slot.RedriveCount <= Slot.MaxRedriveCount ? (slot.H1, slot.Check, slot.RedriveCount, slot.Chunk)
                : throw new InvalidDataException("an overflow mark without its chunk mark");
        }
        if (!overflow.TryGetValue((slot.H1, slot.Check), out var value))
        {
            throw new InvalidDataException("an overflowing entry without its values");
        }
        overflowing++;
        return (slot.H1, slot.Check, value.RedriveCount, value.Chunk);
    }
}
