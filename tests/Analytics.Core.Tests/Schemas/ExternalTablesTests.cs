using System.Text.RegularExpressions;
using Analytics.Core.Columns;
using Analytics.Core.Schemas;

namespace Analytics.Core.Tests.Schemas;

/// <summary>`analytics ddl`: one CREATE per declared table, every column typed exactly for each engine.</summary>
public sealed class ExternalTablesTests
{
    public static TheoryData<DdlEngine> Engines => [DdlEngine.Athena, DdlEngine.Trino, DdlEngine.Spark, DdlEngine.ClickHouse];

    [Theory]
    [InlineData(DdlEngine.Athena, "string", "bigint", "int", "double", "boolean", "timestamp")]
    [InlineData(DdlEngine.Trino, "varchar", "bigint", "integer", "double", "boolean", "timestamp(3)")]
    [InlineData(DdlEngine.Spark, "STRING", "BIGINT", "INT", "DOUBLE", "BOOLEAN", "TIMESTAMP")]
    [InlineData(DdlEngine.ClickHouse, "Nullable(String)", "Nullable(Int64)", "Nullable(Int32)", "Nullable(Float64)", "Nullable(Bool)", "Nullable(DateTime64(6, 'UTC'))")]
    public void Types_map_exactly_to_what_the_parquet_files_hold(DdlEngine engine, string varchar, string bigint, string integer, string @double, string boolean, string timestampTz)
    {
        Assert.Equal(varchar, ExternalTables.TypeName(engine, ColumnType.Varchar));
        Assert.Equal(bigint, ExternalTables.TypeName(engine, ColumnType.BigInt));
        Assert.Equal(integer, ExternalTables.TypeName(engine, ColumnType.Integer));
        Assert.Equal(@double, ExternalTables.TypeName(engine, ColumnType.Double));
        Assert.Equal(boolean, ExternalTables.TypeName(engine, ColumnType.Boolean));
        Assert.Equal(timestampTz, ExternalTables.TypeName(engine, ColumnType.TimestampTz));
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public void Every_declared_table_gets_every_column_quoted_and_typed_plus_the_date_partition(DdlEngine engine)
    {
        var script = ExternalTables.Script(engine, "s3://bucket/prefix", "wh");
        var tables = ExternalTables.Tables.ToList();
        Assert.Equal(TableSchemas.All.Count + SnapshotSchemas.All.Count, tables.Count);
        foreach (var table in tables)
        {
            var create = Statement(script, table.Name);
            foreach (var column in ExternalTables.FileColumns(table))
            {
                var declared = $"{ExternalTables.Quote(engine, column.Name)} {ExternalTables.TypeName(engine, column.Type)}";
                // ClickHouse's column list is a string literal: its quotes are doubled.
                Assert.Contains(engine == DdlEngine.ClickHouse ? declared.Replace("'", "''", StringComparison.Ordinal) : declared, create, StringComparison.Ordinal);
            }
            Assert.Equal(table.Columns.Length + 2, Regex.Matches(create, engine == DdlEngine.Trino ? "\"[a-z_0-9]+\" (?!AS\\b)[a-zA-Z]" : "`[a-z_0-9]+` (?!AS\\b)[a-zA-Z]").Count);
            Assert.Contains(ExternalTables.Quote(engine, "date"), create, StringComparison.Ordinal);
            Assert.Contains("prefix/" + table.Name, create, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Athena_projects_the_date_partition_so_no_repair_is_needed_and_refuses_a_local_folder()
    {
        var create = Statement(ExternalTables.Script(DdlEngine.Athena, "s3://bucket/prefix/"), "events");
        Assert.Contains("PARTITIONED BY (`date` date)", create, StringComparison.Ordinal);
        Assert.Contains("'projection.enabled' = 'true'", create, StringComparison.Ordinal);
        Assert.Contains("'projection.date.type' = 'date'", create, StringComparison.Ordinal);
        Assert.Contains("'projection.date.format' = 'yyyy-MM-dd'", create, StringComparison.Ordinal);
        Assert.Contains("'storage.location.template' = 's3://bucket/prefix/events/date=${date}/'", create, StringComparison.Ordinal);
        Assert.Contains("`timestamp` timestamp", create, StringComparison.Ordinal);
        Assert.DoesNotContain("MSCK", create, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => ExternalTables.Script(DdlEngine.Athena, "/data"));
    }

    [Fact]
    public void Trino_and_spark_declare_the_partition_last_and_register_the_date_folders()
    {
        var trino = Statement(ExternalTables.Script(DdlEngine.Trino, "s3://b/p"), "executions");
        Assert.Matches("\"export_run_id\" varchar,\\s+\"date\" date\\s+\\)", trino);
        Assert.Contains("partitioned_by = ARRAY['date']", trino, StringComparison.Ordinal);
        Assert.Contains("external_location = 's3://b/p/executions'", trino, StringComparison.Ordinal);
        Assert.Contains("CALL system.sync_partition_metadata('analytics', 'executions', 'ADD')", ExternalTables.Script(DdlEngine.Trino, "s3://b/p"), StringComparison.Ordinal);

        var spark = ExternalTables.Script(DdlEngine.Spark, "/data/set");
        Assert.Contains("PARTITIONED BY (`date`)\nLOCATION 'file:///data/set/executions'", spark, StringComparison.Ordinal);
        Assert.Contains("MSCK REPAIR TABLE `analytics`.`executions`", spark, StringComparison.Ordinal);
    }

    [Fact]
    public void ClickHouse_reads_a_folder_with_file_and_a_bucket_with_s3_taking_the_date_from_the_path()
    {
        var local = Statement(ExternalTables.Script(DdlEngine.ClickHouse, "/data/set"), "events");
        Assert.Contains("FROM file('/data/set/events/**/*.parquet', 'Parquet', '`execution_arn` Nullable(String), ", local, StringComparison.Ordinal);
        Assert.Contains("`timestamp` Nullable(DateTime64(6, ''UTC''))", local, StringComparison.Ordinal);
        Assert.Contains("`date` Nullable(Date)')", local, StringComparison.Ordinal);
        Assert.Contains("SETTINGS use_hive_partitioning = 1", local, StringComparison.Ordinal);
        var s3 = Statement(ExternalTables.Script(DdlEngine.ClickHouse, "s3://bucket/prefix"), "events");
        Assert.Contains("FROM s3('s3://bucket/prefix/events/**/*.parquet', 'Parquet', ", s3, StringComparison.Ordinal);
    }

    [Fact]
    public void ClickHouse_reads_another_s3_server_path_style_and_only_clickhouse_over_s3_takes_an_endpoint()
    {
        var endpoint = new Uri("http://127.0.0.1:4569/");
        var view = Statement(ExternalTables.Script(DdlEngine.ClickHouse, "s3://bucket/prefix/", s3Endpoint: endpoint), "events");
        Assert.Contains("FROM s3('http://127.0.0.1:4569/bucket/prefix/events/**/*.parquet', 'Parquet', ", view, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => ExternalTables.Script(DdlEngine.ClickHouse, "/data/set", s3Endpoint: endpoint));
        Assert.Throws<ArgumentException>(() => ExternalTables.Script(DdlEngine.Trino, "s3://bucket/prefix", s3Endpoint: endpoint));
    }

    /// <summary>The statement that creates <paramref name="table"/>.</summary>
    private static string Statement(string script, string table) =>
        Assert.Single(script.Split(";\n"), s => Regex.IsMatch(s, $@"CREATE[A-Z ]+ [`""][a-z]+[`""]\.[`""]{table}[`""] "));
}
