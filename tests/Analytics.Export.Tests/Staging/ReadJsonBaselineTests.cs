using System.Globalization;
using Analytics.Benchmarks;
using Analytics.Benchmarks.Corpus;
using Analytics.DuckDb;
using Analytics.Export.Tests.Support;
using Xunit.Abstractions;

namespace Analytics.Export.Tests.Staging;

/// <summary>The pipeline benchmark's export line is compared with DuckDB's read_json over the same pages producing the
/// same events columns: this holds that baseline's output equal to the export line's, row for row, so the ratio
/// compares equal work.</summary>
public sealed class ReadJsonBaselineTests(ITestOutputHelper output)
{
    [Fact]
    public void The_every_column_read_json_baseline_writes_the_export_lines_events_rows()
    {
        using var temp = new TempFolder();
        // The benchmark's corpus shape (seed, Map items), smaller; three chunks as the export stages them.
        var corpus = PageCorpus.Generate(300, seed: 7, options: new GeneratorOptions { MaxMapItems = 3 });
        Assert.Equal(corpus.Executions, corpus.Pages); // one page each: the baseline names execution i after line i
        var pages = temp.Sub("pages.ndjson");
        corpus.WriteNdjson(pages);
        ExportLine.WriteEvents(corpus, temp.Sub("export"), chunkExecutions: 100);
        using var database = DuckDbDatabase.Open(config: new DuckDbConfig { Threads = 1 });
        using var connection = database.Connect();
        connection.Execute(ReadJsonSql.CopyEveryColumn(ReadJsonSql.EveryEventColumn(pages), temp.Sub("duckdb")));

        var export = Files(temp.Sub("export/staged/events"));
        var duckdb = Files(temp.Sub("duckdb"));
        long Scalar(string sql) => Convert.ToInt64(connection.ExecuteScalar(sql), CultureInfo.InvariantCulture);
        string? Text(string sql) => connection.ExecuteScalar(sql) as string;
        string? Schema(string files) => Text($"SELECT string_agg(column_name || ' ' || column_type, ', ') FROM (DESCRIBE SELECT * FROM {files})");

        Assert.Equal(Schema(export), Schema(duckdb));
        Assert.Equal(corpus.Events, Scalar($"SELECT count(*) FROM {export}"));
        Assert.Equal(corpus.Events, Scalar($"SELECT count(*) FROM {duckdb}"));
        var differing = new[] { (export, duckdb), (duckdb, export) }.Select(pair => $"SELECT * FROM {pair.Item1} EXCEPT ALL SELECT * FROM {pair.Item2}").ToList();
        output.WriteLine($"only in the export line: {Text($"SELECT string_agg(CAST(d AS VARCHAR), chr(10)) FROM ({differing[0]} ORDER BY execution_arn, event_id LIMIT 5) AS d")}");
        output.WriteLine($"only in the baseline: {Text($"SELECT string_agg(CAST(d AS VARCHAR), chr(10)) FROM ({differing[1]} ORDER BY execution_arn, event_id LIMIT 5) AS d")}");
        Assert.All(differing, sql => Assert.Equal(0, Scalar($"SELECT count(*) FROM ({sql})")));
        // The derived state columns are filled, not equal because both are empty.
        foreach (var column in new[] { "state_type", "state_name", "map_iteration_index", "parallel_branch", "execution_start_time", "input_bytes" })
        {
            Assert.True(Scalar($"SELECT count({column}) FROM {export}") > 0, column);
        }
    }

    private static string Files(string folder) =>
        $"read_parquet({DuckDbSql.Literal(folder + "/**/*.parquet")}, hive_partitioning = true)";
}
