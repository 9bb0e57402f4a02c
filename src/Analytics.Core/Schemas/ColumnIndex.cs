using System.Text;
using Analytics.Core.Columns;

namespace Analytics.Core.Schemas;

/// <summary>Finds a column's position in a table declaration by a PascalCase field name (the ColumnIndexes fields).</summary>
internal static class ColumnIndex
{
    /// <exception cref="InvalidOperationException">The table declares no column of that name.</exception>
    public static int Of(TableSchema table, string fieldName)
    {
        var column = SnakeCase(fieldName);
        var index = table.IndexOf(column);
        return index >= 0 ? index : throw new InvalidOperationException($"Table '{table.Name}' declares no column '{column}' (index field {fieldName}).");
    }

    /// <summary>ExecutionArn -> execution_arn; digits stay with their word (DefinitionSha256 -> definition_sha256).</summary>
    public static string SnakeCase(string pascal)
    {
        var snake = new StringBuilder(pascal.Length + 8);
        foreach (var c in pascal)
        {
            if (char.IsUpper(c) && snake.Length > 0)
            {
                snake.Append('_');
            }
            snake.Append(char.ToLowerInvariant(c));
        }
        return snake.ToString();
    }
}
