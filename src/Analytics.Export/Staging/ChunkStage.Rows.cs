using Analytics.DuckDb;

namespace Analytics.Export.Staging;

// Rows that come from listings and Describe* calls rather than histories: one prepared insert per table.
internal sealed partial class ChunkStage
{
    public void Insert(string table, params object?[] values)
    {
        if (!_inserts.TryGetValue(table, out var insert))
        {
            var placeholders = string.Join(", ", Enumerable.Range(1, values.Length).Select(i => "$" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            _inserts[table] = insert = _connection.Prepare($"INSERT INTO {table} VALUES ({placeholders})");
        }
        for (var i = 0; i < values.Length; i++)
        {
            Bind(insert, i + 1, values[i]);
        }
        insert.Execute();
    }

    /// <summary>Inserts a row into a table by column name (the other columns stay null).</summary>
    public void InsertColumns(string table, IReadOnlyList<string> columns, params object?[] values)
    {
        var key = table + ":" + string.Join(",", columns);
        if (!_inserts.TryGetValue(key, out var insert))
        {
            var placeholders = string.Join(", ", Enumerable.Range(1, values.Length).Select(i => "$" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            _inserts[key] = insert = _connection.Prepare($"INSERT INTO {table} ({string.Join(", ", columns)}) VALUES ({placeholders})");
        }
        for (var i = 0; i < values.Length; i++)
        {
            Bind(insert, i + 1, values[i]);
        }
        insert.Execute();
    }

    private static void Bind(DuckDbPreparedStatement statement, int index, object? value)
    {
        switch (value)
        {
            case null: statement.BindNull(index); break;
            case string text: statement.Bind(index, text); break;
            case long number: statement.Bind(index, number); break;
            case int number: statement.Bind(index, number); break;
            case double number: statement.Bind(index, number); break;
            case bool flag: statement.Bind(index, flag); break;
            case DateTimeOffset time: statement.Bind(index, time); break;
            default: throw new ArgumentException($"Unsupported parameter type {value.GetType().Name}.", nameof(value));
        }
    }
}
