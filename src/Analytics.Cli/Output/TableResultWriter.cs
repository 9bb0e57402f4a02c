using Analytics.DuckDb;
using Analytics.Query;
using Spectre.Console;

namespace Analytics.Cli.Output;

/// <summary>
/// Prints a result as a Spectre.Console table. Without a terminal it uses plain ASCII, no colours and no width
/// limit, so piped output stays readable and lines never wrap. Numbers are spelled for people
/// (<see cref="Readable.Cell"/>: `*_ms` as durations, rates as percentages, counts grouped), and an <c>account_id</c> with
/// its account's name (<see cref="AccountNames"/>); csv/json keep raw values.
/// </summary>
internal static class TableResultWriter
{
    /// <summary>Rows shown at most: a table is for reading; csv/json are for everything.</summary>
    public const int MaxRows = 1000;

    public static long Write(DuckDbResult result, TextWriter output, bool isTerminal, AccountNames? names = null)
    {
        names ??= AccountNames.None;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = isTerminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = isTerminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        if (!isTerminal)
        {
            console.Profile.Width = int.MaxValue / 2;
        }

        var table = new Table { Border = isTerminal ? TableBorder.Rounded : TableBorder.Ascii };
        foreach (var column in result.Columns)
        {
            var header = new TableColumn(new Text(column.Name));
            if (IsNumeric(column.Type))
            {
                header.RightAligned();
            }
            table.AddColumn(header);
        }

        long rows = 0;
        while (result.NextChunk() is { } chunk)
        {
            using (chunk)
            {
                var vectors = Enumerable.Range(0, chunk.ColumnCount).Select(chunk.GetVector).ToArray();
                for (var row = 0; row < chunk.RowCount; row++, rows++)
                {
                    if (rows < MaxRows)
                    {
                        table.AddRow(vectors.Select((v, c) => Cell(result.Columns[c], v, row, names)));
                    }
                }
            }
        }

        if (result.Columns.Length > 0)
        {
            console.Write(table);
        }
        var shown = Math.Min(rows, MaxRows);
        console.WriteLine(rows == shown
            ? $"({rows} {(rows == 1 ? "row" : "rows")})"
            : $"(showing {shown} of {rows} rows; use --format csv or json for all of them)");
        output.Flush();
        return rows;
    }

    private static Text Cell(DuckDbColumn column, DuckDbVector vector, int row, AccountNames names)
    {
        if (vector.IsNull(row))
        {
            return new Text("NULL", new Style(decoration: Decoration.Dim));
        }
        var readable = IsNumeric(column.Type) && column.Type != DuckDbType.Decimal ? Readable.Cell(column.Name, vector.GetValue(row)) : null;
        var text = readable ?? vector.GetText(row) ?? string.Empty;
        return new Text(column.Name == "account_id" ? names.Label(text) : text);
    }

    private static bool IsNumeric(DuckDbType type) => type is DuckDbType.TinyInt or DuckDbType.SmallInt or DuckDbType.Integer
        or DuckDbType.BigInt or DuckDbType.UTinyInt or DuckDbType.USmallInt or DuckDbType.UInteger or DuckDbType.UBigInt
        or DuckDbType.HugeInt or DuckDbType.UHugeInt or DuckDbType.Float or DuckDbType.Double or DuckDbType.Decimal;
}
