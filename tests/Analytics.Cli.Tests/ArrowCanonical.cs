using System.Globalization;
using System.Text.Json;
using Apache.Arrow;
using Apache.Arrow.Types;

namespace Analytics.Cli.Tests;

/// <summary>
/// One text per value, the same for an Arrow value and for the JSON output's rendering of it, so the two outputs of
/// one query can be compared value by value. The Arrow column's type says how to read the JSON value; a type this
/// does not know fails the test by name rather than passing unchecked.
/// </summary>
internal static class ArrowCanonical
{
    public static string FromArrow(IArrowArray array, int index)
    {
        if (array.IsNull(index))
        {
            return "null";
        }
        return array switch
        {
            Int64Array a => Text(a.GetValue(index)!.Value),
            Int32Array a => Text(a.GetValue(index)!.Value),
            Int16Array a => Text(a.GetValue(index)!.Value),
            Int8Array a => Text(a.GetValue(index)!.Value),
            UInt64Array a => Text(a.GetValue(index)!.Value),
            DoubleArray a => Double(a.GetValue(index)!.Value),
            FloatArray a => Double(a.GetValue(index)!.Value),
            Decimal128Array a => Decimal(a.GetValue(index)!.Value),
            BooleanArray a => a.GetValue(index)!.Value ? "true" : "false",
            StringArray a => Quoted(a.GetString(index)),
            TimestampArray a => Text(((TimestampType)a.Data.DataType).Timezone is { Length: > 0 }
                ? a.GetTimestamp(index)!.Value.UtcTicks
                : a.GetTimestamp(index)!.Value.Ticks),
            Date32Array a => a.GetDateOnly(index)!.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ListArray a => "[" + string.Join(",", Enumerable.Range(a.ValueOffsets[index], a.GetValueLength(index)).Select(i => FromArrow(a.Values, i))) + "]",
            MonthDayNanosecondIntervalArray a => a.GetValue(index)!.Value is var span ? $"{span.Months} month {span.Days} days {span.Nanoseconds} ns" : "",
            StructArray a => "{" + string.Join(",", ((StructType)a.Data.DataType).Fields.Select((f, i) => f.Name + ":" + FromArrow(a.Fields[i], index))) + "}",
            _ => throw new NotSupportedException($"no comparison for Arrow type {array.Data.DataType.Name}"),
        };
    }

    public static string FromJson(JsonElement value, IArrowType type)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return "null";
        }
        return type switch
        {
            Int64Type or Int32Type or Int16Type or Int8Type => Text(value.GetInt64()),
            UInt64Type => Text(value.GetUInt64()),
            DoubleType or FloatType => value.ValueKind == JsonValueKind.String ? value.GetString()! : Double(value.GetDouble()),
            Decimal128Type => Decimal(value.GetDecimal()),
            BooleanType => value.GetBoolean() ? "true" : "false",
            StringType => Quoted(value.GetString()!),
            TimestampType { Timezone.Length: > 0 } => Text(DateTimeOffset.Parse(value.GetString()!, CultureInfo.InvariantCulture).UtcTicks),
            TimestampType => Text(DateTime.Parse(value.GetString()!, CultureInfo.InvariantCulture).Ticks),
            Date32Type => value.GetString()!,
            ListType list => "[" + string.Join(",", value.EnumerateArray().Select(v => FromJson(v, list.ValueDataType))) + "]",
            StructType fields => "{" + string.Join(",", fields.Fields.Select(f => f.Name + ":" + FromJson(value.GetProperty(f.Name), f.DataType))) + "}",
            _ => throw new NotSupportedException($"no comparison for Arrow type {type.Name}"),
        };
    }

    private static string Quoted(string text) => "\"" + text + "\"";

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Text(ulong value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>DuckDB's words for what JSON has no number for (the JSON output writes them as text).</summary>
    private static string Double(double value) =>
        double.IsNaN(value) ? "nan" : double.IsPositiveInfinity(value) ? "inf" : double.IsNegativeInfinity(value) ? "-inf"
        : value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>The value without trailing zeros (19.90 and 19.9 are one number).</summary>
    private static string Decimal(decimal value)
    {
        var text = value.ToString(CultureInfo.InvariantCulture);
        return text.Contains('.', StringComparison.Ordinal) ? text.TrimEnd('0').TrimEnd('.') : text;
    }
}
