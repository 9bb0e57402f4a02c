using System.Text;

namespace Analytics.DuckDb;

public readonly unsafe partial struct DuckDbVector
{
    private static readonly long s_epochTicks = DateTime.UnixEpoch.Ticks;

    /// <summary>
    /// One value as a .NET object, or null. Integers, floats and BOOLEAN map to their .NET types (HUGEINT to
    /// <see cref="Int128"/>), DECIMAL to <see cref="decimal"/>, VARCHAR/ENUM to string, BLOB to byte[], DATE to
    /// <see cref="DateOnly"/>, TIME to <see cref="TimeOnly"/>, TIMESTAMP (any precision) to <see cref="DateTime"/>,
    /// TIMESTAMPTZ to a UTC <see cref="DateTimeOffset"/>, INTERVAL to <see cref="DuckDbInterval"/>, UUID to
    /// <see cref="Guid"/>. Nested types (LIST, STRUCT, MAP, ARRAY, UNION) and values outside .NET's ranges
    /// (infinite dates, decimals beyond 28 digits) come back as DuckDB's text.
    /// </summary>
    public object? GetValue(int row)
    {
        if (IsNull(row))
        {
            return null;
        }
        var data = _data;
        return _type.Id switch
        {
            DuckDbType.Boolean => ((byte*)data)[row] != 0,
            DuckDbType.TinyInt => ((sbyte*)data)[row],
            DuckDbType.SmallInt => ((short*)data)[row],
            DuckDbType.Integer => ((int*)data)[row],
            DuckDbType.BigInt => ((long*)data)[row],
            DuckDbType.UTinyInt => ((byte*)data)[row],
            DuckDbType.USmallInt => ((ushort*)data)[row],
            DuckDbType.UInteger => ((uint*)data)[row],
            DuckDbType.UBigInt => ((ulong*)data)[row],
            DuckDbType.HugeInt => ((Int128*)data)[row],
            DuckDbType.UHugeInt => ((UInt128*)data)[row],
            DuckDbType.Float => ((float*)data)[row],
            DuckDbType.Double => ((double*)data)[row],
            DuckDbType.Decimal => DecimalValue(row),
            DuckDbType.Varchar => GetString(row),
            DuckDbType.Blob => GetBytes(row).ToArray(),
            DuckDbType.Date => DateValue(((int*)data)[row]),
            DuckDbType.Time => TimeOnlyValue(((long*)data)[row] * 10),
            DuckDbType.TimeNs => TimeOnlyValue(((long*)data)[row] / 100),
            DuckDbType.Timestamp => DateTimeValue(((long*)data)[row], 1),
            DuckDbType.TimestampS => DateTimeValue(((long*)data)[row], 1_000_000),
            DuckDbType.TimestampMs => DateTimeValue(((long*)data)[row], 1000),
            DuckDbType.TimestampNs => DateTimeValue(((long*)data)[row], 0),
            DuckDbType.TimestampTz => DateTimeValue(((long*)data)[row], 1) is DateTime utc
                ? new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc))
                : GetText(row),
            DuckDbType.Interval => ((DuckDbInterval*)data)[row],
            DuckDbType.Uuid => UuidValue(((Int128*)data)[row]),
            DuckDbType.Enum => _type.EnumValues[EnumIndex(row)],
            DuckDbType.SqlNull => null,
            _ => GetText(row),
        };
    }

    /// <summary>The value of a DECIMAL as a scaled integer (before dividing by 10^scale).</summary>
    private Int128 DecimalUnscaled(int row) => _type.DecimalStorage switch
    {
        DuckDbType.SmallInt => ((short*)_data)[row],
        DuckDbType.Integer => ((int*)_data)[row],
        DuckDbType.BigInt => ((long*)_data)[row],
        _ => ((Int128*)_data)[row],
    };

    private object DecimalValue(int row)
    {
        var unscaled = DecimalUnscaled(row);
        var magnitude = (UInt128)(unscaled < 0 ? -unscaled : unscaled);
        if (magnitude >> 96 != 0)
        {
            return DecimalText(unscaled, _type.DecimalScale);
        }
        return new decimal((int)(uint)magnitude, (int)(uint)(magnitude >> 32), (int)(uint)(magnitude >> 64), unscaled < 0, _type.DecimalScale);
    }

    private static string DecimalText(Int128 unscaled, int scale)
    {
        var digits = (unscaled < 0 ? -unscaled : unscaled).ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (scale > 0)
        {
            digits = digits.PadLeft(scale + 1, '0');
            digits = digits[..^scale] + "." + digits[^scale..];
        }
        return unscaled < 0 ? "-" + digits : digits;
    }

    private int EnumIndex(int row) => _type.EnumStorage switch
    {
        DuckDbType.UTinyInt => ((byte*)_data)[row],
        DuckDbType.USmallInt => ((ushort*)_data)[row],
        _ => checked((int)((uint*)_data)[row]),
    };

    private static object DateValue(int days)
    {
        var dayNumber = (long)days + DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber;
        return dayNumber >= DateOnly.MinValue.DayNumber && dayNumber <= DateOnly.MaxValue.DayNumber
            ? DateOnly.FromDayNumber((int)dayNumber)
            : ValueText.Date(days);
    }

    private static object TimeOnlyValue(long ticks) =>
        ticks >= 0 && ticks <= TimeOnly.MaxValue.Ticks ? new TimeOnly(ticks) : ValueText.TimeOfDay((ulong)(ticks / 10));

    /// <summary>A timestamp in units of <paramref name="microsPerUnit"/> µs (0 = nanoseconds) as a DateTime, or
    /// DuckDB's text when .NET cannot hold it (infinity, beyond year 9999).</summary>
    private static object DateTimeValue(long value, long microsPerUnit)
    {
        if (ValueText.IsInfinite(value))
        {
            return ValueText.Timestamp(value);
        }
        Int128 ticks = microsPerUnit == 0 ? value / 100 : (Int128)value * microsPerUnit * 10;
        ticks += s_epochTicks;
        return ticks >= DateTime.MinValue.Ticks && ticks <= DateTime.MaxValue.Ticks
            ? new DateTime((long)ticks, DateTimeKind.Unspecified)
            : microsPerUnit == 0 ? ValueText.Timestamp(value, nanos: true) : ValueText.Timestamp(value * microsPerUnit);
    }

    /// <summary>DuckDB stores a UUID as a HUGEINT with the top bit flipped (so it sorts as unsigned).</summary>
    private static Guid UuidValue(Int128 stored)
    {
        var bits = (UInt128)stored ^ ((UInt128)1 << 127);
        Span<byte> bytes = stackalloc byte[16];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt128BigEndian(bytes, bits);
        return new Guid(bytes, bigEndian: true);
    }

    private string BitText(int row)
    {
        var raw = GetBytes(row);
        if (raw.Length == 0)
        {
            return string.Empty;
        }
        var padding = raw[0];
        var text = new StringBuilder(((raw.Length - 1) * 8) - padding);
        for (var bit = padding; bit < (raw.Length - 1) * 8; bit++)
        {
            text.Append((raw[1 + (bit / 8)] & (0x80 >> (bit % 8))) != 0 ? '1' : '0');
        }
        return text.ToString();
    }
}
