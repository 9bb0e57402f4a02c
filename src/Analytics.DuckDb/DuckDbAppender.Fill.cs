using Analytics.Core.Columns;

namespace Analytics.DuckDb;

public sealed partial class DuckDbAppender
{
    /// <summary>The DuckDB type each <see cref="ColumnType"/> is written as.</summary>
    public static DuckDbType DuckDbTypeOf(ColumnType type) => type switch
    {
        ColumnType.BigInt => DuckDbType.BigInt,
        ColumnType.Integer => DuckDbType.Integer,
        ColumnType.Double => DuckDbType.Double,
        ColumnType.Boolean => DuckDbType.Boolean,
        ColumnType.Varchar => DuckDbType.Varchar,
        ColumnType.TimestampTz => DuckDbType.TimestampTz,
        ColumnType.Timestamp => DuckDbType.Timestamp,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "No DuckDB type for this column type."),
    };

    private void VerifySchema(TableSchema schema)
    {
        if (schema.Columns.Length != Columns.Length)
        {
            throw new DuckDbException(
                $"Batch '{schema.Name}' has {schema.Columns.Length} columns but table {Table} has {Columns.Length}: "
                + $"table ({Describe(Columns)}), batch ({string.Join(", ", schema.Columns.Select(c => $"{c.Name} {c.Type}"))}).");
        }
        for (var i = 0; i < Columns.Length; i++)
        {
            var batchColumn = schema.Columns[i];
            var tableColumn = Columns[i];
            if (!string.Equals(batchColumn.Name, tableColumn.Name, StringComparison.OrdinalIgnoreCase))
            {
                throw new DuckDbException(
                    $"Column {i + 1} of table {Table} is '{tableColumn.Name}' but batch '{schema.Name}' has '{batchColumn.Name}' there.");
            }
            if (DuckDbTypeOf(batchColumn.Type) != tableColumn.Type)
            {
                throw new DuckDbException(
                    $"Column '{tableColumn.Name}' of table {Table} is {tableColumn.TypeName} but batch '{schema.Name}' "
                    + $"holds {batchColumn.Type} ({DuckDbTypeOf(batchColumn.Type).ToString().ToUpperInvariant()}) values.");
            }
        }
    }

    private static string Describe(IEnumerable<DuckDbColumn> columns) => string.Join(", ", columns.Select(c => $"{c.Name} {c.TypeName}"));

    /// <summary>Copies rows [start, start + rows) of every column into the reusable chunk.</summary>
    private void FillChunk(ColumnBatch batch, int start, int rows) =>
        ChunkFill.Fill(_chunk, batch, start, rows, Table);
}
