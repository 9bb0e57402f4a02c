using Analytics.DuckDb;

namespace Analytics.Cli.Output;

/// <summary>Streams a result as RFC 4180 CSV: CRLF line ends, fields quoted only when they need it.</summary>
internal static class CsvResultWriter
{
    public static long Write(DuckDbResult result, TextWriter output)
    {
        for (var c = 0; c < result.Columns.Length; c++)
        {
            WriteField(output, c, result.Columns[c].Name);
        }
        output.Write("\r\n");
        long rows = 0;
        while (result.NextChunk() is { } chunk)
        {
            using (chunk)
            {
                var vectors = Enumerable.Range(0, chunk.ColumnCount).Select(chunk.GetVector).ToArray();
                for (var row = 0; row < chunk.RowCount; row++, rows++)
                {
                    for (var c = 0; c < vectors.Length; c++)
                    {
                        WriteField(output, c, vectors[c].GetText(row));
                    }
                    output.Write("\r\n");
                }
            }
        }
        output.Flush();
        return rows;
    }

    /// <summary>NULL is an empty field; an empty string is written quoted so the two stay distinct.</summary>
    private static void WriteField(TextWriter output, int column, string? value)
    {
        if (column > 0)
        {
            output.Write(',');
        }
        if (value is null)
        {
            return;
        }
        if (value.Length == 0 || value.AsSpan().IndexOfAny(",\"\r\n") >= 0)
        {
            output.Write('"');
            output.Write(value.Replace("\"", "\"\"", StringComparison.Ordinal));
            output.Write('"');
            return;
        }
        output.Write(value);
    }
}
