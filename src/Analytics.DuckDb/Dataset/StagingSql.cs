using Analytics.Core.Columns;

namespace Analytics.DuckDb.Dataset;

/// <summary>The SQL the dataset writer runs: staging tables typed like the schemas, and the publishing query.</summary>
internal static class StagingSql
{
    public static string CreateTable(string name, TableSchema schema) =>
        $"CREATE TABLE {DuckDbSql.Identifier(name)} ("
        + string.Join(", ", schema.Columns.Select(c => $"{DuckDbSql.Identifier(c.Name)} {SqlType(c.Type)}"))
        + ")";

    /// <summary>
    /// The staged rows plus <c>export_run_id</c> and the <c>date</c> partition key: the UTC date of the execution's
    /// start, computed from epoch microseconds so no time-zone setting can shift it.
    /// </summary>
    public static string SelectForDataset(string staging, string runId) =>
        $"SELECT *, {DuckDbSql.Literal(runId)} AS export_run_id, "
        + $"coalesce(strftime(make_timestamp(epoch_us(execution_start_time)), '%Y-%m-%d'), {DuckDbSql.Literal(DatasetWriter.UnknownDate)}) AS date "
        + $"FROM {DuckDbSql.Identifier(staging)}";

    public static string SqlType(ColumnType type) => type switch
    {
        ColumnType.BigInt => "BIGINT",
        ColumnType.Integer => "INTEGER",
        ColumnType.Double => "DOUBLE",
        ColumnType.Boolean => "BOOLEAN",
        ColumnType.Varchar => "VARCHAR",
        ColumnType.TimestampTz => "TIMESTAMPTZ",
        ColumnType.Timestamp => "TIMESTAMP",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "No SQL type for this column type."),
    };
}
