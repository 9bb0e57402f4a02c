namespace Analytics.DuckDb;

/// <summary>A result column: its name, type id and SQL type name (e.g. <c>DECIMAL(18,3)</c>, <c>VARCHAR[]</c>).</summary>
public sealed record DuckDbColumn(string Name, DuckDbType Type, string TypeName);
