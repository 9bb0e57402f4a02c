using Analytics.Core.Columns;
using Analytics.Core.Output;

namespace Analytics.Core.Tests.Support;

/// <summary>A sink that copies every row it is handed into plain objects, for assertions.</summary>
internal sealed class RowCollector : IBatchSink
{
    private readonly Dictionary<string, List<Row>> _tables = new(StringComparer.Ordinal);

    public int Writes { get; private set; }

    public void Write(ColumnBatch batch)
    {
        Writes++;
        if (!_tables.TryGetValue(batch.Schema.Name, out var rows))
        {
            rows = [];
            _tables[batch.Schema.Name] = rows;
        }
        for (var r = 0; r < batch.Count; r++)
        {
            var values = new object?[batch.ColumnCount];
            for (var c = 0; c < batch.ColumnCount; c++)
            {
                var column = batch[c];
                values[c] = column.IsNull(r) ? null : column switch
                {
                    Int64Column i => i.Get(r),
                    Int32Column i => i.Get(r),
                    DoubleColumn d => d.Get(r),
                    BooleanColumn b => b.Get(r),
                    VarcharColumn v => v.GetString(r),
                    _ => throw new InvalidOperationException(),
                };
            }
            rows.Add(new Row(batch.Schema, values));
        }
    }

    public IReadOnlyList<Row> Rows(string table) => _tables.TryGetValue(table, out var rows) ? rows : [];
}

/// <summary>One copied row; columns by name.</summary>
internal sealed class Row(TableSchema schema, object?[] values)
{
    public object?[] Values { get; } = values;

    public object? this[string column]
    {
        get
        {
            var index = schema.IndexOf(column);
            return index >= 0 ? Values[index] : throw new ArgumentException($"No column '{column}' in {schema.Name}.");
        }
    }

    public string? Text(string column) => (string?)this[column];

    public long? Long(string column) => this[column] switch { long l => l, int i => i, null => null, var o => throw new InvalidCastException(o.GetType().Name) };

    public override string ToString() => string.Join(" | ", Values.Select(v => v?.ToString() ?? "∅"));
}
