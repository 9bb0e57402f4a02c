using System.Globalization;
using System.Text;
using Analytics.Core.Columns;

namespace Analytics.Core.Schemas;

/// <summary>The engines <see cref="ExternalTables"/> writes DDL for.</summary>
public enum DdlEngine
{
    Athena,
    Trino,
    Spark,
    ClickHouse,
}

/// <summary>
/// External-table DDL over an exported dataset for other engines (<c>analytics ddl</c>), generated from the table
/// declarations (<see cref="TableSchemas"/>, <see cref="SnapshotSchemas"/>) plus the writer's <c>export_run_id</c>
/// and the Hive partition column <c>date</c>. Every identifier is quoted (<c>date</c>, <c>timestamp</c>,
/// <c>type</c>… are reserved in some of them). The Parquet types the files hold: VARCHAR → BYTE_ARRAY UTF8, BIGINT →
/// INT64, INTEGER → INT32, DOUBLE, BOOLEAN, TIMESTAMPTZ → INT64 TIMESTAMP(MICROS, adjusted to UTC).
/// </summary>
public static class ExternalTables
{
    /// <summary>The column the dataset writer adds to every table (the run that wrote the row).</summary>
    public const string ExportRunIdColumn = "export_run_id";

    /// <summary>The Hive partition column (the folder <c>date=YYYY-MM-DD</c>).</summary>
    public const string PartitionColumn = "date";

    /// <summary>Every table the dataset holds, history tables first.</summary>
    public static IEnumerable<TableSchema> Tables => TableSchemas.All.Concat(SnapshotSchemas.All);

    /// <summary>A table's columns as the files hold them (without <c>date</c>, which is the folder's).</summary>
    public static IEnumerable<ColumnSpec> FileColumns(TableSchema table) =>
        (table ?? throw new ArgumentNullException(nameof(table))).Columns.Append(new ColumnSpec(ExportRunIdColumn, ColumnType.Varchar));

    /// <summary>The DDL script for every table.</summary>
    /// <param name="location">The dataset root: <c>s3://bucket/prefix</c>, or an absolute local folder.</param>
    /// <param name="database">The database (schema) the tables go in.</param>
    /// <param name="s3Endpoint">Another S3 server than AWS's (ClickHouse only: the others take it from their catalog's
    /// configuration): the views read <c>ENDPOINT/bucket/prefix/…</c>, path-style, as <c>--s3-endpoint-url</c> does.</param>
    /// <exception cref="ArgumentException">The engine cannot read such a location (Athena reads only S3), or an
    /// endpoint is given for a local location or another engine than ClickHouse.</exception>
    public static string Script(DdlEngine engine, string location, string database = "analytics", Uri? s3Endpoint = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(location);
        ArgumentException.ThrowIfNullOrWhiteSpace(database);
        var s3 = location.StartsWith("s3://", StringComparison.Ordinal);
        if (engine == DdlEngine.Athena && !s3)
        {
            throw new ArgumentException($"Athena reads datasets on S3 only: give --location s3://bucket/prefix, not '{location}'.", nameof(location));
        }
        if (s3Endpoint is not null && (engine != DdlEngine.ClickHouse || !s3))
        {
            throw new ArgumentException("--s3-endpoint-url applies to clickhouse with an s3:// --location only (Athena, Trino and Spark take S3's endpoint from their own configuration).", nameof(s3Endpoint));
        }
        var root = s3Endpoint is null ? location.TrimEnd('/') : s3Endpoint.ToString().TrimEnd('/') + "/" + location["s3://".Length..].Trim('/');
        var text = new StringBuilder();
        text.Append(engine switch
        {
            DdlEngine.Trino => $"CREATE SCHEMA IF NOT EXISTS {Quote(engine, database)};\n",
            _ => $"CREATE DATABASE IF NOT EXISTS {Quote(engine, database)};\n",
        });
        foreach (var table in Tables)
        {
            var folder = $"{root}/{table.Name}";
            text.Append('\n').Append(engine switch
            {
                DdlEngine.Athena => Athena(table, database, folder),
                DdlEngine.Trino => Trino(table, database, s3 ? folder : "file://" + folder),
                DdlEngine.Spark => Spark(table, database, s3 ? folder : "file://" + folder),
                _ => ClickHouse(table, database, folder, s3),
            });
        }
        return text.ToString();
    }

    /// <summary>The engine's type for a column type, exactly as the Parquet files hold it.</summary>
    public static string TypeName(DdlEngine engine, ColumnType type) => (engine, type) switch
    {
        (DdlEngine.ClickHouse, _) => $"Nullable({ClickHouseType(type)})",
        (DdlEngine.Trino, ColumnType.Varchar) => "varchar",
        (DdlEngine.Trino, ColumnType.Integer) => "integer",
        (DdlEngine.Trino, ColumnType.TimestampTz or ColumnType.Timestamp) => "timestamp(3)",
        (DdlEngine.Spark, ColumnType.TimestampTz) => "TIMESTAMP",
        (DdlEngine.Spark, ColumnType.Timestamp) => "TIMESTAMP_NTZ",
        (_, ColumnType.Varchar) => engine == DdlEngine.Spark ? "STRING" : "string",
        (_, ColumnType.BigInt) => engine == DdlEngine.Spark ? "BIGINT" : "bigint",
        (_, ColumnType.Integer) => engine == DdlEngine.Spark ? "INT" : "int",
        (_, ColumnType.Double) => engine == DdlEngine.Spark ? "DOUBLE" : "double",
        (_, ColumnType.Boolean) => engine == DdlEngine.Spark ? "BOOLEAN" : "boolean",
        (_, ColumnType.TimestampTz or ColumnType.Timestamp) => "timestamp",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    /// <summary>An identifier quoted for the engine (backticks, or double quotes for Trino).</summary>
    public static string Quote(DdlEngine engine, string name) => engine == DdlEngine.Trino
        ? "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
        : "`" + name.Replace("`", "``", StringComparison.Ordinal) + "`";

    private static string ClickHouseType(ColumnType type) => type switch
    {
        ColumnType.Varchar => "String",
        ColumnType.BigInt => "Int64",
        ColumnType.Integer => "Int32",
        ColumnType.Double => "Float64",
        ColumnType.Boolean => "Bool",
        ColumnType.TimestampTz => "DateTime64(6, 'UTC')",
        ColumnType.Timestamp => "DateTime64(6)",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    private static string Columns(DdlEngine engine, TableSchema table, string? partitionType) =>
        string.Join(",\n", FileColumns(table).Select(c => $"  {Quote(engine, c.Name)} {TypeName(engine, c.Type)}")
            .Concat(partitionType is null ? [] : [$"  {Quote(engine, PartitionColumn)} {partitionType}"]));

    private static string Literal(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

    // Partition projection: Athena computes the date folders itself, so no MSCK REPAIR / ADD PARTITION is needed.
    private static string Athena(TableSchema table, string database, string folder) => $"""
        CREATE EXTERNAL TABLE IF NOT EXISTS {Quote(DdlEngine.Athena, database)}.{Quote(DdlEngine.Athena, table.Name)} (
        {Columns(DdlEngine.Athena, table, null)}
        )
        PARTITIONED BY ({Quote(DdlEngine.Athena, PartitionColumn)} date)
        STORED AS PARQUET
        LOCATION {Literal(folder + "/")}
        TBLPROPERTIES (
          'projection.enabled' = 'true',
          'projection.date.type' = 'date',
          'projection.date.format' = 'yyyy-MM-dd',
          'projection.date.range' = '2016-01-01,NOW',
          'projection.date.interval' = '1',
          'projection.date.interval.unit' = 'DAYS',
          'storage.location.template' = {Literal(folder + "/date=${date}/")}
        );

        """;

    // The Hive connector: partition columns come last; sync_partition_metadata registers the date folders (run it
    // again after exports that add dates).
    private static string Trino(TableSchema table, string database, string folder) => $"""
        CREATE TABLE IF NOT EXISTS {Quote(DdlEngine.Trino, database)}.{Quote(DdlEngine.Trino, table.Name)} (
        {Columns(DdlEngine.Trino, table, "date")}
        )
        WITH (
          external_location = {Literal(folder)},
          format = 'PARQUET',
          partitioned_by = ARRAY['{PartitionColumn}']
        );
        CALL system.sync_partition_metadata({Literal(database)}, {Literal(table.Name)}, 'ADD');

        """;

    private static string Spark(TableSchema table, string database, string folder) => $"""
        CREATE TABLE IF NOT EXISTS {Quote(DdlEngine.Spark, database)}.{Quote(DdlEngine.Spark, table.Name)} (
        {Columns(DdlEngine.Spark, table, "DATE")}
        )
        USING PARQUET
        PARTITIONED BY ({Quote(DdlEngine.Spark, PartitionColumn)})
        LOCATION {Literal(folder)};
        MSCK REPAIR TABLE {Quote(DdlEngine.Spark, database)}.{Quote(DdlEngine.Spark, table.Name)};

        """;

    // A view over the s3/file table function: ClickHouse globs the folders and takes `date` from the path.
    private static string ClickHouse(TableSchema table, string database, string folder, bool s3)
    {
        var structure = string.Join(", ", FileColumns(table).Select(c => $"{Quote(DdlEngine.ClickHouse, c.Name)} {TypeName(DdlEngine.ClickHouse, c.Type)}")
            .Append($"{Quote(DdlEngine.ClickHouse, PartitionColumn)} Nullable(Date)"));
        var function = s3 ? "s3" : "file";
        return string.Create(CultureInfo.InvariantCulture, $"""
            CREATE OR REPLACE VIEW {Quote(DdlEngine.ClickHouse, database)}.{Quote(DdlEngine.ClickHouse, table.Name)} AS
            SELECT * FROM {function}({Literal(folder + "/**/*.parquet")}, 'Parquet', {Literal(structure).Replace("\\", "\\\\", StringComparison.Ordinal)})
            SETTINGS use_hive_partitioning = 1;

            """);
    }
}
