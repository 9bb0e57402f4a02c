using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Analytics.DuckDb;

namespace Analytics.Cli.Output;

/// <summary>
/// Streams a result as a JSON array of objects. Numbers stay numbers (HUGEINT and wide DECIMALs included), NULL is
/// null, timestamps are ISO-8601 (TIMESTAMPTZ in UTC with 'Z'); LIST and ARRAY are arrays, STRUCT and MAP objects (a
/// MAP's keys as text), a UNION its member's value, nested to any depth with the same rules; NaN/infinity and types
/// JSON has no form for (intervals, blobs) are DuckDB's text.
/// </summary>
internal static class JsonResultWriter
{
    public static long Write(DuckDbResult result, Stream output)
    {
        var names = UniqueNames(result.Columns);
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        json.WriteStartArray();
        long rows = 0;
        while (result.NextChunk() is { } chunk)
        {
            using (chunk)
            {
                var vectors = Enumerable.Range(0, chunk.ColumnCount).Select(chunk.GetVector).ToArray();
                for (var row = 0; row < chunk.RowCount; row++, rows++)
                {
                    json.WriteStartObject();
                    for (var c = 0; c < vectors.Length; c++)
                    {
                        json.WritePropertyName(names[c]);
                        WriteValue(json, vectors[c], row);
                    }
                    json.WriteEndObject();
                }
            }
            json.Flush();
        }
        json.WriteEndArray();
        json.Flush();
        output.Write("\n"u8);
        output.Flush();
        return rows;
    }

    private static void WriteValue(Utf8JsonWriter json, DuckDbVector vector, int row)
    {
        if (vector.Type is DuckDbType.List or DuckDbType.Map or DuckDbType.Array or DuckDbType.Struct or DuckDbType.Union && !vector.IsNull(row))
        {
            WriteNested(json, vector, row);
            return;
        }
        switch (vector.GetValue(row))
        {
            case null:
                json.WriteNullValue();
                break;
            case bool b:
                json.WriteBooleanValue(b);
                break;
            case object integer when integer is sbyte or short or int or long or byte or ushort or uint or ulong or Int128 or UInt128:
                json.WriteRawValue(Convert.ToString(integer, CultureInfo.InvariantCulture)!, skipInputValidation: true);
                break;
            case float f when float.IsFinite(f):
                json.WriteNumberValue(f);
                break;
            case double d when double.IsFinite(d):
                json.WriteNumberValue(d);
                break;
            case decimal m:
                json.WriteNumberValue(m);
                break;
            case string text when vector.Type == DuckDbType.Decimal:
                json.WriteRawValue(text); // wider than .NET decimal: DuckDB's digits are a valid JSON number
                break;
            case DateTimeOffset instant:
                json.WriteStringValue(instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture));
                break;
            case DateTime local:
                json.WriteStringValue(local.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture));
                break;
            case DateOnly date:
                json.WriteStringValue(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                break;
            case TimeOnly time:
                json.WriteStringValue(time.ToString("HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture));
                break;
            case Guid uuid:
                json.WriteStringValue(uuid.ToString("D"));
                break;
            default:
                json.WriteStringValue(vector.GetText(row));
                break;
        }
    }

    private static void WriteNested(Utf8JsonWriter json, DuckDbVector vector, int row)
    {
        switch (vector.Type)
        {
            case DuckDbType.List:
            {
                var (offset, length) = vector.GetListEntry(row);
                var child = vector.GetListChild();
                json.WriteStartArray();
                for (var i = offset; i < offset + length; i++)
                {
                    WriteValue(json, child, i);
                }
                json.WriteEndArray();
                break;
            }
            case DuckDbType.Array:
            {
                var child = vector.GetArrayChild();
                json.WriteStartArray();
                for (var i = row * vector.ArraySize; i < (row + 1) * vector.ArraySize; i++)
                {
                    WriteValue(json, child, i);
                }
                json.WriteEndArray();
                break;
            }
            case DuckDbType.Map:
            {
                var (offset, length) = vector.GetListEntry(row);
                var entries = vector.GetListChild();
                var (keys, values) = (entries.GetStructField(0), entries.GetStructField(1));
                json.WriteStartObject();
                for (var i = offset; i < offset + length; i++)
                {
                    json.WritePropertyName(keys.GetText(i)!); // MAP keys are unique and never NULL
                    WriteValue(json, values, i);
                }
                json.WriteEndObject();
                break;
            }
            case DuckDbType.Struct:
                json.WriteStartObject();
                for (var i = 0; i < vector.StructFieldNames.Count; i++)
                {
                    json.WritePropertyName(vector.StructFieldNames[i]);
                    WriteValue(json, vector.GetStructField(i), row);
                }
                json.WriteEndObject();
                break;
            default: // UNION
                WriteValue(json, vector.GetUnionMember(row), row);
                break;
        }
    }

    /// <summary>JSON objects need distinct keys: a repeated column name gets a _2, _3… suffix.</summary>
    private static string[] UniqueNames(IReadOnlyList<DuckDbColumn> columns)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var names = new string[columns.Count];
        for (var i = 0; i < names.Length; i++)
        {
            var name = columns[i].Name;
            for (var n = 2; !seen.Add(name); n++)
            {
                name = $"{columns[i].Name}_{n}";
            }
            names[i] = name;
        }
        return names;
    }
}
