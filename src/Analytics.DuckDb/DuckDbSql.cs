using Analytics.Core.Columns;

namespace Analytics.DuckDb;

/// <summary>Quoting for the few places where SQL text is built from names and paths.</summary>
public static class DuckDbSql
{
    /// <summary>A string literal: <c>'it''s'</c>.</summary>
    public static string Literal(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
    }

    /// <summary>A quoted identifier: <c>"my ""table"""</c>.</summary>
    public static string Identifier(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    /// <summary>A possibly schema-qualified name, each part quoted: <c>staging.t</c> → <c>"staging"."t"</c>.</summary>
    public static string QualifiedName(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return string.Join('.', name.Split('.').Select(Identifier));
    }

    /// <summary>
    /// <c>CREATE [OR REPLACE] [TEMP] TABLE</c> with the schema's columns and their DuckDB types: the table a
    /// <see cref="DuckDbAppender"/> accepts batches of this schema into.
    /// </summary>
    public static string CreateTable(TableSchema schema, string? tableName = null, bool temporary = false, bool orReplace = false)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var columns = string.Join(", ", schema.Columns.Select(c => $"{Identifier(c.Name)} {TypeName(c.Type)}"));
        return $"CREATE {(orReplace ? "OR REPLACE " : string.Empty)}{(temporary ? "TEMP " : string.Empty)}TABLE "
            + $"{QualifiedName(tableName ?? schema.Name)} ({columns})";
    }

    /// <summary>The DuckDB type a <see cref="ColumnType"/> is stored as.</summary>
    public static string TypeName(ColumnType type) => type switch
    {
        ColumnType.BigInt => "BIGINT",
        ColumnType.Integer => "INTEGER",
        ColumnType.Double => "DOUBLE",
        ColumnType.Boolean => "BOOLEAN",
        ColumnType.Varchar => "VARCHAR",
        ColumnType.TimestampTz => "TIMESTAMPTZ",
        ColumnType.Timestamp => "TIMESTAMP",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "No DuckDB type for this column type."),
    };
}
