using System.Text;

namespace Analytics.Core.Columns;

/// <summary>
/// A VARCHAR column: UTF-8 bytes of every row packed into one arena of the <see cref="ArenaPool"/>, with an offset and length per row.
/// Values are copied in as spans, so filling it allocates nothing once the arena has grown to its working size.
/// </summary>
public sealed class VarcharColumn : Column
{
    private byte[] _data;
    private int _used;

    public VarcharColumn(ColumnSpec spec, int capacity)
        : base(spec, capacity)
    {
        Offsets = new int[capacity];
        Lengths = new int[capacity];
        _data = ArenaPool.Shared.Rent(capacity * 32);
    }

    /// <summary>Start of each row's bytes in <see cref="Data"/>.</summary>
    public int[] Offsets { get; private set; }

    /// <summary>Byte length of each row's value.</summary>
    public int[] Lengths { get; private set; }

    /// <summary>The arena; only the first <see cref="BytesUsed"/> bytes are meaningful.</summary>
    public byte[] Data => _data;

    public int BytesUsed => _used;

    public override long AllocatedBytes => base.AllocatedBytes + _data.Length + ((long)(Offsets.Length + Lengths.Length) * sizeof(int));

    /// <summary>Copies a UTF-8 value into row <paramref name="row"/>.</summary>
    public void Set(int row, ReadOnlySpan<byte> utf8)
    {
        var destination = Reserve(row, utf8.Length);
        utf8.CopyTo(destination);
    }

    /// <summary>
    /// Gives row <paramref name="row"/> the value of row <paramref name="sourceRow"/> without copying its bytes (both
    /// rows then point at the same range of <see cref="Data"/>): for a value repeated row after row, such as the
    /// execution ARN of every event. <paramref name="sourceRow"/> must hold a value.
    /// </summary>
    public void SetSameAs(int row, int sourceRow)
    {
        Offsets[row] = Offsets[sourceRow];
        Lengths[row] = Lengths[sourceRow];
        MarkValid(row);
    }

    /// <summary>Encodes a .NET string as UTF-8 into row <paramref name="row"/> (for tests and cold paths).</summary>
    public void Set(int row, string value)
    {
        var destination = Reserve(row, Encoding.UTF8.GetByteCount(value));
        Encoding.UTF8.GetBytes(value, destination);
    }

    /// <summary>
    /// Makes room for <paramref name="length"/> bytes as row <paramref name="row"/>'s value, marks the row valid and
    /// returns the span to fill (for writers that decode or unescape straight into the column).
    /// </summary>
    public Span<byte> Reserve(int row, int length)
    {
        EnsureRoom(length);
        Offsets[row] = _used;
        Lengths[row] = length;
        _used += length;
        MarkValid(row);
        return _data.AsSpan(Offsets[row], length);
    }

    /// <summary>Shrinks row <paramref name="row"/>'s value to <paramref name="length"/> bytes when it was the last one
    /// reserved (for writers that reserved a worst-case size).</summary>
    public void Truncate(int row, int length)
    {
        if (Offsets[row] + Lengths[row] != _used || length > Lengths[row])
        {
            throw new InvalidOperationException("Only the most recently reserved value can be truncated, and only shorter.");
        }
        _used = Offsets[row] + length;
        Lengths[row] = length;
    }

    public ReadOnlySpan<byte> GetBytes(int row) => _data.AsSpan(Offsets[row], Lengths[row]);

    public string GetString(int row) => Encoding.UTF8.GetString(GetBytes(row));

    public override void Clear()
    {
        base.Clear();
        _used = 0;
    }

    /// <summary>Also gives back the arena bytes only the dropped rows used (rows may share bytes, and a kept row's
    /// always lie before the end of the last one it reserved).</summary>
    public override void TruncateRows(int count, int oldCount)
    {
        base.TruncateRows(count, oldCount);
        var used = 0;
        for (var row = 0; row < count; row++)
        {
            if (!IsNull(row))
            {
                used = Math.Max(used, Offsets[row] + Lengths[row]);
            }
        }
        _used = used;
    }

    /// <summary>Gives the arena back to the pool and forgets every value; a later value rents a new arena.</summary>
    public override void Release()
    {
        base.Release();
        var data = _data;
        _data = [];
        _used = 0;
        ArenaPool.Shared.Return(data);
    }

    public override void Grow(int capacity)
    {
        if (capacity > Capacity)
        {
            var offsets = Offsets;
            var lengths = Lengths;
            Array.Resize(ref offsets, capacity);
            Array.Resize(ref lengths, capacity);
            Offsets = offsets;
            Lengths = lengths;
        }
        base.Grow(capacity);
    }

    private void EnsureRoom(int length)
    {
        if (_used + length <= _data.Length)
        {
            return;
        }
        var grown = ArenaPool.Shared.Rent(Math.Max(_data.Length * 2, _used + length));
        _data.AsSpan(0, _used).CopyTo(grown);
        ArenaPool.Shared.Return(_data);
        _data = grown;
    }
}
