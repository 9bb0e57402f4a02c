using System.Globalization;
using System.Text;
using Analytics.Core.Columns;

namespace Analytics.DuckDb.Streaming;

/// <summary>
/// Writes a <see cref="UtcDateColumn"/> into a VARCHAR vector: every value is 12 bytes or fewer, so each row is one
/// 16-byte inlined string slot, formatted once per day and copied for the following rows of the same day. Rows
/// without a date are NULL when the column has no <see cref="UtcDateColumn.WhenNull"/> text.
/// </summary>
internal sealed class DateSlots
{
    private readonly byte[] _nullSlot = new byte[ChunkFill.StringSlotSize];
    private readonly byte[] _daySlot = new byte[ChunkFill.StringSlotSize];
    private readonly bool _nullIsNull;
    private int? _day;

    public DateSlots(UtcDateColumn column, int timestampIndex)
    {
        Column = column;
        TimestampIndex = timestampIndex;
        _nullIsNull = column.WhenNull is null;
        var whenNull = Encoding.UTF8.GetBytes(column.WhenNull ?? "");
        if (whenNull.Length > ChunkFill.InlineStringLength)
        {
            throw new ArgumentException($"The text for rows without a date must be at most {ChunkFill.InlineStringLength} bytes: '{column.WhenNull}'.", nameof(column));
        }
        WriteSlot(_nullSlot, whenNull);
    }

    public UtcDateColumn Column { get; }

    /// <summary>The batch column holding the timestamps.</summary>
    public int TimestampIndex { get; }

    public unsafe void Fill(IntPtr vector, Int64Column timestamps, int start, int rows)
    {
        var slots = (byte*)Duck.Vectors.DuckDBVectorGetData(vector);
        var micros = timestamps.Values;
        var validity = timestamps.Validity;
        ulong* nulls = null;
        for (var i = 0; i < rows; i++)
        {
            var row = start + i;
            var slot = _nullSlot;
            if ((validity[row >> 6] & (1UL << (row & 63))) != 0 && UtcDays.TryGetDay(micros[row], out var day))
            {
                if (day != _day)
                {
                    WriteSlot(_daySlot, Encoding.ASCII.GetBytes(UtcDays.ToDate(day).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
                    _day = day;
                }
                slot = _daySlot;
            }
            slot.CopyTo(new Span<byte>(slots + (i * ChunkFill.StringSlotSize), ChunkFill.StringSlotSize));
            if (_nullIsNull && ReferenceEquals(slot, _nullSlot))
            {
                if (nulls == null)
                {
                    Duck.Vectors.DuckDBVectorEnsureValidityWritable(vector);
                    nulls = Duck.Vectors.DuckDBVectorGetValidity(vector);
                }
                nulls[i >> 6] &= ~(1UL << (i & 63));
            }
        }
    }

    private static void WriteSlot(byte[] slot, byte[] value)
    {
        Array.Clear(slot);
        BitConverter.TryWriteBytes(slot.AsSpan(0, 4), (uint)value.Length);
        value.CopyTo(slot, 4);
    }
}
