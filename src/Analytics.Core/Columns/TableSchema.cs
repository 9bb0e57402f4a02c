using System.Collections.Immutable;

namespace Analytics.Core.Columns;

/// <summary>One column of a table: its snake_case name and type.</summary>
public sealed record ColumnSpec(string Name, ColumnType Type);

/// <summary>A table's name and ordered columns.</summary>
public sealed class TableSchema
{
    public TableSchema(string name, params ColumnSpec[] columns)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (columns.Length == 0)
        {
            throw new ArgumentException("A table needs at least one column.", nameof(columns));
        }
        Name = name;
        Columns = [.. columns];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var column in columns)
        {
            if (!seen.Add(column.Name))
            {
                throw new ArgumentException($"Column '{column.Name}' appears twice in table '{name}'.", nameof(columns));
            }
        }
    }

    public string Name { get; }

    public ImmutableArray<ColumnSpec> Columns { get; }

    /// <summary>The position of a column, or -1.</summary>
    public int IndexOf(string columnName)
    {
        for (var i = 0; i < Columns.Length; i++)
        {
            if (Columns[i].Name == columnName)
            {
                return i;
            }
        }
        return -1;
    }
}
