using System.Globalization;
using Analytics.DuckDb;
using Analytics.Query.Tests.Dataset;

namespace Analytics.Query.Tests;

public sealed class ViewTests
{
    private static readonly string[] s_tables =
    [
        "state_machines", "executions", "events", "state_visits", "task_attempts", "map_runs", "functions", "durable_executions",
        "durable_events", "durable_operations", "export_runs", "open_executions", "export_units",
    ];

    [Fact]
    public void Views_over_an_empty_dataset_exist_with_their_columns_and_queries_return_no_rows()
    {
        using var folder = new TempFolder();
        Directory.CreateDirectory(folder.Combine(DatasetViews.ManifestFolder)); // an export that has written nothing yet
        using var session = QuerySession.Open(folder.Path);

        foreach (var table in s_tables)
        {
            Assert.Equal(0L, Convert.ToInt64(session.Run($"SELECT count(*) FROM {table}").Rows[0][0], CultureInfo.InvariantCulture));
        }
        var columns = session.Run("SELECT column_name, column_type FROM (DESCRIBE executions)");
        Assert.Contains(columns.Rows, r => (string)r[0]! == "start_time" && (string)r[1]! == "TIMESTAMP WITH TIME ZONE");
        Assert.Contains(columns.Rows, r => (string)r[0]! == "date" && (string)r[1]! == "DATE");
        foreach (var query in session.Queries.All())
        {
            Assert.Empty(session.RunNamed(query.Name).Rows);
        }
    }

    [Fact]
    public void Ad_hoc_results_stream_so_a_dump_of_a_huge_table_is_not_held_in_memory()
    {
        using var folder = new TempFolder();
        Directory.CreateDirectory(folder.Combine(DatasetViews.ManifestFolder));
        using var session = QuerySession.Open(folder.Path);

        using (var result = session.Execute("SELECT range AS n FROM range(3) WHERE n >= getvariable('limit')", QueryParameters.Parse(["limit=1"])))
        {
            Assert.True(result.IsStreaming);
            using var chunk = result.NextChunk()!;
            Assert.Equal(2, chunk.RowCount);
        }
        // The streamed result is disposed: the session runs the next statement.
        Assert.Single(session.Run("SELECT 1").Rows);
    }

    [Fact]
    public void A_newer_file_with_an_extra_column_is_read_by_name_next_to_older_files()
    {
        using var folder = new TempFolder();
        var world = new WorldGenerator(seed: 7) { Days = 2, OrdersPerDay = 5, EtlPerDay = 0, SagasPerDay = 0 }.Generate();
        DatasetWriter.Write(world, folder.Path);
        using (var database = DuckDbDatabase.Open())
        using (var connection = database.Connect())
        {
            // A later exporter adds `priority` and drops `cause` from the file; partition 2026-11-03 gets the new file.
            var target = Path.Combine(folder.Path, "executions");
            connection.Execute(
                $"COPY (SELECT 'arn:new' AS execution_arn, 'orders' AS state_machine_name, 'SUCCEEDED' AS status, 7 AS priority, "
                + $"TIMESTAMPTZ '2026-11-03 10:00:00+00' AS start_time, DATE '2026-11-03' AS date) TO {DuckDbSql.Literal(target)} "
                + "(FORMAT parquet, PARTITION_BY (date), OVERWRITE_OR_IGNORE, FILENAME_PATTERN 'run-0002_{i}')");
        }
        using var session = QuerySession.Open(folder.Path);

        var rows = session.Run("SELECT execution_arn, priority, cause IS NULL AS no_cause, date FROM executions ORDER BY priority NULLS LAST, execution_arn");
        Assert.Equal(world.Executions.Count + 1, rows.Rows.Count);
        Assert.Equal("arn:new", rows.Rows[0][0]);
        Assert.Equal(7, rows.Rows[0][1]);
        Assert.Equal(new DateOnly(2026, 11, 3), rows.Rows[0][3]);
        Assert.All(rows.Rows.Skip(1), r => Assert.Null(r[1]));
        Assert.Equal(world.Executions.Count + 1L, session.RunNamed("failure_rates").Rows.Sum(r => (long)r[4]!));
    }

    [Fact]
    public void A_window_filter_prunes_date_partitions()
    {
        using var folder = new TempFolder();
        DatasetWriter.Write(new WorldGenerator(seed: 3) { Days = 10, OrdersPerDay = 3, EtlPerDay = 0, SagasPerDay = 0 }.Generate(), folder.Path);
        using var session = QuerySession.Open(folder.Path);

        var plan = session.Run("EXPLAIN SELECT count(*) FROM executions WHERE date_in_window(date) AND in_window(start_time)",
            QueryParameters.Parse(["start=2026-11-04", "end=2026-11-06"]));

        // Days 04, 05 and (for a window ending exactly at midnight) 06 are scanned: 3 of 10 partitions.
        Assert.Contains("Scanning Files: 3/10", string.Join("\n", plan.Rows.Select(r => r[1])), StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_that_is_not_a_dataset_is_refused_at_once_naming_what_a_dataset_looks_like()
    {
        using var folder = new TempFolder();
        Directory.CreateDirectory(folder.Combine("photos", "2026"));

        foreach (var root in new[] { folder.Path, "/" })
        {
            var error = Assert.Throws<QueryException>(() => QuerySession.Open(root));
            Assert.Contains("is not a dataset", error.Message, StringComparison.Ordinal);
            Assert.Contains("executions/date=YYYY-MM-DD/*.parquet", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_missing_dataset_folder_is_a_clear_error()
    {
        var error = Assert.Throws<QueryException>(() => QuerySession.Open("/no/such/dataset"));
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Named_queries_are_found_beside_the_assembly()
    {
        var queries = NamedQueries.Locate();

        Assert.Equal(Path.Combine(AppContext.BaseDirectory, "queries"), queries.Directory);
        Assert.Equal(["accounts_regions", "async_invoke_configs", "durable_health", "failure_rates", "latency_percentiles", "latency_regressions", "map_run_health", "open_executions",
            "retry_advice", "retry_attempts", "state_failure_rates", "top_errors", "weekly_trends"],
            queries.All().Select(q => q.Name));
    }
}
