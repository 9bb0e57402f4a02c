using Analytics.Core.Columns;

namespace Analytics.Core.Schemas;

/// <summary>Short helpers so the table definitions read like a column list.</summary>
internal static class SchemaBuilder
{
    public static ColumnSpec Text(string name) => new(name, ColumnType.Varchar);

    public static ColumnSpec BigInt(string name) => new(name, ColumnType.BigInt);

    public static ColumnSpec Int(string name) => new(name, ColumnType.Integer);

    public static ColumnSpec Double(string name) => new(name, ColumnType.Double);

    public static ColumnSpec Bool(string name) => new(name, ColumnType.Boolean);

    public static ColumnSpec Time(string name) => new(name, ColumnType.TimestampTz);
}
