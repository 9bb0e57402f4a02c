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
}
