using System.Globalization;
using System.Text;

namespace Analytics.DuckDb;

public readonly unsafe partial struct DuckDbVector
{
    /// <summary>
    /// One value as DuckDB would print it (e.g. <c>2024-05-01 12:00:00.5+00</c>, <c>[1, 2]</c>,
    /// <c>{'a': 1}</c>), or null. Works for every type, nested ones included.
    /// </summary>
    public string? GetText(int row)
    {
        if (IsNull(row))
        {
            return null;
        }
        var text = new StringBuilder();
        AppendText(text, row, nested: false);
        return text.ToString();
    }

    private void AppendText(StringBuilder text, int row, bool nested)
    {
        if (IsNull(row))
        {
            text.Append("NULL");
            return;
        }
        var data = _data;
        var invariant = CultureInfo.InvariantCulture;
        switch (_type.Id)
        {
            case DuckDbType.Boolean:
                text.Append(((byte*)data)[row] != 0 ? "true" : "false");
                break;
            case DuckDbType.Float:
                text.Append(FloatText(((float*)data)[row]));
                break;
            case DuckDbType.Double:
                text.Append(FloatText(((double*)data)[row]));
                break;
            case DuckDbType.Decimal:
                text.Append(DecimalText(DecimalUnscaled(row), _type.DecimalScale));
                break;
            case DuckDbType.Varchar:
                AppendString(text, GetString(row), nested);
                break;
            case DuckDbType.Enum:
                AppendString(text, _type.EnumValues[EnumIndex(row)], nested);
                break;
            case DuckDbType.Blob:
                AppendBlob(text, GetBytes(row));
                break;
            case DuckDbType.Bit:
                text.Append(BitText(row));
                break;
            case DuckDbType.Date:
                text.Append(ValueText.Date(((int*)data)[row]));
                break;
            case DuckDbType.Time:
                text.Append(ValueText.TimeOfDay((ulong)((long*)data)[row]));
                break;
            case DuckDbType.TimeNs:
                text.Append(ValueText.TimeOfDayNanos((ulong)((long*)data)[row]));
                break;
            case DuckDbType.TimeTz:
                text.Append(ValueText.TimeTz(((ulong*)data)[row]));
                break;
            case DuckDbType.Timestamp:
                text.Append(ValueText.Timestamp(((long*)data)[row]));
                break;
            case DuckDbType.TimestampS:
                text.Append(ValueText.Timestamp(Scale(((long*)data)[row], 1_000_000)));
                break;
            case DuckDbType.TimestampMs:
                text.Append(ValueText.Timestamp(Scale(((long*)data)[row], 1000)));
                break;
            case DuckDbType.TimestampNs:
                text.Append(ValueText.Timestamp(((long*)data)[row], nanos: true));
                break;
            case DuckDbType.TimestampTz:
                var timestamp = ((long*)data)[row];
                text.Append(ValueText.Timestamp(timestamp));
                if (!ValueText.IsInfinite(timestamp))
                {
                    text.Append("+00");
                }
                break;
            case DuckDbType.Interval:
                text.Append(((DuckDbInterval*)data)[row].ToString());
                break;
            case DuckDbType.Uuid:
                text.Append(UuidValue(((Int128*)data)[row]).ToString("D"));
                break;
            case DuckDbType.List:
            case DuckDbType.Map:
                AppendList(text, row);
                break;
            case DuckDbType.Array:
                AppendArray(text, row);
                break;
            case DuckDbType.Struct:
                AppendStruct(text, row);
                break;
            case DuckDbType.Union:
                var tag = ((byte*)StructChild(0)._data)[row];
                StructChild(tag + 1).AppendText(text, row, nested);
                break;
            case DuckDbType.BigNum:
                text.Append("(BIGNUM: cast it to VARCHAR to display)");
                break;
            case DuckDbType.SqlNull:
                text.Append("NULL");
                break;
            default:
                text.Append(Convert.ToString(GetValue(row), invariant));
                break;
        }
    }

    private void AppendList(StringBuilder text, int row)
    {
        var entry = ((ulong*)_data) + (2L * row);
        var offset = checked((int)entry[0]);
        var length = checked((int)entry[1]);
        var child = ListChild();
        var isMap = _type.Id == DuckDbType.Map;
        text.Append(isMap ? '{' : '[');
        for (var i = 0; i < length; i++)
        {
            if (i > 0)
            {
                text.Append(", ");
            }
            if (isMap)
            {
                child.StructChild(0).AppendText(text, offset + i, nested: true);
                text.Append('=');
                child.StructChild(1).AppendText(text, offset + i, nested: true);
            }
            else
            {
                child.AppendText(text, offset + i, nested: true);
            }
        }
        text.Append(isMap ? '}' : ']');
    }

    private void AppendArray(StringBuilder text, int row)
    {
        var child = ArrayChild();
        text.Append('[');
        for (var i = 0; i < _type.ArraySize; i++)
        {
            if (i > 0)
            {
                text.Append(", ");
            }
            child.AppendText(text, (row * _type.ArraySize) + i, nested: true);
        }
        text.Append(']');
    }

    private void AppendStruct(StringBuilder text, int row)
    {
        text.Append('{');
        for (var i = 0; i < _type.Children.Length; i++)
        {
            if (i > 0)
            {
                text.Append(", ");
            }
            AppendString(text, _type.ChildNames[i], nested: true);
            text.Append(": ");
            StructChild(i).AppendText(text, row, nested: true);
        }
        text.Append('}');
    }

    /// <summary>Inside LIST/STRUCT/MAP, strings are quoted as DuckDB does; at top level they are bare.</summary>
    private static void AppendString(StringBuilder text, string value, bool nested)
    {
        if (!nested)
        {
            text.Append(value);
            return;
        }
        text.Append('\'').Append(value.Replace("'", "\\'", StringComparison.Ordinal)).Append('\'');
    }

    private static void AppendBlob(StringBuilder text, ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            if (b is >= 0x20 and < 0x7F and not (byte)'\\' and not (byte)'\'' and not (byte)'"')
            {
                text.Append((char)b);
            }
            else
            {
                text.Append(CultureInfo.InvariantCulture, $"\\x{b:X2}");
            }
        }
    }

    private static string FloatText(double value) => value switch
    {
        double.PositiveInfinity => "inf",
        double.NegativeInfinity => "-inf",
        _ when double.IsNaN(value) => "nan",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    private static string FloatText(float value) => float.IsFinite(value)
        ? value.ToString("R", CultureInfo.InvariantCulture)
        : FloatText((double)value);

    private static long Scale(long value, long factor) =>
        ValueText.IsInfinite(value) ? value : value * factor;
}
