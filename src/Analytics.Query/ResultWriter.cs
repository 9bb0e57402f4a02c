using System.Globalization;
using System.Text;
using System.Text.Json;
using Analytics.DuckDb;

namespace Analytics.Query;

/// <summary>
/// Prints a DuckDB result as a table, CSV or JSON, the one formatter the CLI and the tests share. CSV and JSON stream
/// chunk by chunk; a table is measured first, so it is read whole. Values are spelled as DuckDB prints them.
/// </summary>
public static class ResultWriter
{
    public static long Write(DuckDbResult result, TextWriter output, ResultFormat format)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(output);
        return format switch
        {
            ResultFormat.Csv => WriteCsv(result, output),
            ResultFormat.Json => WriteJson(result, output),
            _ => WriteTable(result, output),
        };
    }

    private static long WriteCsv(DuckDbResult result, TextWriter output)
    {
        output.Write(string.Join(',', result.Columns.Select(c => CsvField(c.Name))));
        output.Write("\r\n");
        long rows = 0;
        while (result.NextChunk() is { } chunk)
        {
            using (chunk)
            {
                var vectors = Enumerable.Range(0, chunk.ColumnCount).Select(chunk.GetVector).ToArray();
                for (var row = 0; row < chunk.RowCount; row++, rows++)
                {
                    for (var column = 0; column < vectors.Length; column++)
                    {
                        if (column > 0)
                        {
                            output.Write(',');
                        }
                        output.Write(vectors[column].GetText(row) is { } text ? CsvField(text) : string.Empty);
                    }
                    output.Write("\r\n");
                }
            }
        }
        return rows;
    }

    private static string CsvField(string text) =>
        text.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;

    private static long WriteJson(DuckDbResult result, TextWriter output)
    {
        using var buffer = new MemoryStream();
        long rows = 0;
        output.Write('[');
        while (result.NextChunk() is { } chunk)
        {
            using (chunk)
            {
                var vectors = Enumerable.Range(0, chunk.ColumnCount).Select(chunk.GetVector).ToArray();
                for (var row = 0; row < chunk.RowCount; row++, rows++)
                {
                    buffer.SetLength(0);
                    using (var json = new Utf8JsonWriter(buffer))
                    {
                        json.WriteStartObject();
                        for (var column = 0; column < vectors.Length; column++)
                        {
                            json.WritePropertyName(result.Columns[column].Name);
                            WriteJsonValue(json, vectors[column], row);
                        }
                        json.WriteEndObject();
                    }
                    output.Write(rows == 0 ? "\n  " : ",\n  ");
                    output.Write(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
                }
            }
        }
        output.Write(rows == 0 ? "]\n" : "\n]\n");
        return rows;
    }

    private static void WriteJsonValue(Utf8JsonWriter json, DuckDbVector vector, int row)
    {
        switch (vector.GetValue(row))
        {
            case null:
                json.WriteNullValue();
                break;
            case bool b:
                json.WriteBooleanValue(b);
                break;
            case double d when double.IsFinite(d):
                json.WriteNumberValue(d);
                break;
            case float f when float.IsFinite(f):
                json.WriteNumberValue(f);
                break;
            case sbyte or short or int or long or byte or ushort or uint or ulong or decimal:
                json.WriteRawValue(vector.GetText(row)!);
                break;
            default:
                json.WriteStringValue(vector.GetText(row));
                break;
        }
    }

    private static long WriteTable(DuckDbResult result, TextWriter output)
    {
        var header = result.Columns.Select(c => c.Name).ToArray();
        var numeric = result.Columns.Select(c => IsNumeric(c.Type)).ToArray();
        var rows = new List<string[]>();
        while (result.NextChunk() is { } chunk)
        {
            using (chunk)
            {
                var vectors = Enumerable.Range(0, chunk.ColumnCount).Select(chunk.GetVector).ToArray();
                for (var row = 0; row < chunk.RowCount; row++)
                {
                    rows.Add(vectors.Select(v => v.GetText(row) ?? "NULL").ToArray());
                }
            }
        }
        var widths = header.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        output.WriteLine(string.Join("  ", header.Select((h, i) => h.PadRight(widths[i]))).TrimEnd());
        output.WriteLine(string.Join("  ", widths.Select(w => new string('-', w))));
        foreach (var row in rows)
        {
            output.WriteLine(string.Join("  ", row.Select((v, i) => numeric[i] ? v.PadLeft(widths[i]) : v.PadRight(widths[i]))).TrimEnd());
        }
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"({rows.Count} row{(rows.Count == 1 ? "" : "s")})"));
        return rows.Count;
    }

    private static bool IsNumeric(DuckDbType type) => type is DuckDbType.TinyInt or DuckDbType.SmallInt or DuckDbType.Integer
        or DuckDbType.BigInt or DuckDbType.UTinyInt or DuckDbType.USmallInt or DuckDbType.UInteger or DuckDbType.UBigInt
        or DuckDbType.HugeInt or DuckDbType.UHugeInt or DuckDbType.Float or DuckDbType.Double or DuckDbType.Decimal;
}
