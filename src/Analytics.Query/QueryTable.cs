using System.Collections.Immutable;
using Analytics.DuckDb;

namespace Analytics.Query;

/// <summary>A whole (small) result held in memory: column descriptions and rows of .NET values (see
/// <see cref="DuckDbVector.GetValue"/> for the mapping). Named-query results and report inputs are this size.</summary>
public sealed class QueryTable
{
    private readonly Dictionary<string, int> _ordinals;

    public QueryTable(ImmutableArray<DuckDbColumn> columns, IReadOnlyList<object?[]> rows)
    {
        Columns = columns;
        Rows = rows;
        _ordinals = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < columns.Length; i++)
        {
            _ordinals.TryAdd(columns[i].Name, i);
        }
    }

    public ImmutableArray<DuckDbColumn> Columns { get; }

    public IReadOnlyList<object?[]> Rows { get; }

    public int Ordinal(string column) =>
        _ordinals.TryGetValue(column, out var ordinal) ? ordinal : throw new KeyNotFoundException($"The result has no column '{column}'.");

    public object? Value(int row, string column) => Rows[row][Ordinal(column)];

    public string? Text(int row, string column) => Value(row, column)?.ToString();

    /// <summary>An integer value (0 for NULL); HUGEINT sums included.</summary>
    public long Long(int row, string column) => Value(row, column) switch
    {
        null => 0,
        Int128 huge => checked((long)huge),
        var value => Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture),
    };

    public double? Double(int row, string column) => Value(row, column) switch
    {
        null => null,
        Int128 huge => (double)huge,
        var value => Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>Reads a result to the end.</summary>
    public static QueryTable Read(DuckDbResult result)
    {
        var rows = new List<object?[]>();
        while (result.NextChunk() is { } chunk)
        {
            using (chunk)
            {
                var vectors = Enumerable.Range(0, chunk.ColumnCount).Select(chunk.GetVector).ToArray();
                for (var row = 0; row < chunk.RowCount; row++)
                {
                    var values = new object?[vectors.Length];
                    for (var column = 0; column < vectors.Length; column++)
                    {
                        values[column] = vectors[column].GetValue(row);
                    }
                    rows.Add(values);
                }
            }
        }
        return new QueryTable(result.Columns, rows);
    }
}
