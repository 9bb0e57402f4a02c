using System.Globalization;
using System.Text;
using Analytics.Core.StepFunctions;
using Analytics.Datasets;
using Analytics.DuckDb.Streaming;

namespace Analytics.DuckDb.Tests.Dataset;

/// <summary>
/// The dataset writer routes rows to one plain COPY per table and date itself (no <c>PARTITION_BY</c>): executions of
/// many dates interleaved, within and across batches, must still give each date its own files with all its rows.
/// </summary>
public sealed class DateRoutingTests
{
    /// <summary>2025-11-20T00:00:00Z.</summary>
    private const long FirstDay = 1_763_596_800;

    private const string PageWithoutStart = """
        {"events":[
          {"timestamp":1763716200.0,"type":"PassStateEntered","id":2,"previousEventId":1,"stateEnteredEventDetails":{"name":"P"}},
          {"timestamp":1763716201.0,"type":"PassStateExited","id":3,"previousEventId":2,"stateExitedEventDetails":{"name":"P"}},
          {"timestamp":1763716202.0,"type":"ExecutionSucceeded","id":4,"previousEventId":3,"executionSucceededEventDetails":{}}]}
        """;

    [Fact]
    public void Interleaved_dates_within_the_open_file_bound_give_one_file_per_table_and_date_with_every_row()
    {
        using var folder = new TempFolder();
        // 6 dates and the unknown one (7 ≤ DateRoutedWriter.MaxOpenFiles), every batch holding all of them.
        var commit = Write(folder.Path, executions: 1_400, dates: 6, unknownEvery: 7, flushEvery: 150);

        foreach (var table in new[] { "events", "executions", "state_visits" })
        {
            var files = Directory.GetFiles(Path.Combine(folder.Path, table), "*", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(Path.Combine(folder.Path, table), f).Replace('\\', '/')).Order(StringComparer.Ordinal);
            Assert.Equal(
                [.. Enumerable.Range(0, 6).Select(d => $"date={Date(d)}/run-1-0.parquet"), "date=__HIVE_DEFAULT_PARTITION__/run-1-0.parquet"],
                files);
        }
        // 1,400 executions: every 7th has no start (200), the others go round the 6 dates (200 each).
        var perDate = string.Join(",", Enumerable.Range(0, 6).Select(d => $"{Date(d)}:800")) + ",NULL:600";
        Assert.Equal(perDate, CountsByDate(folder.Path, "events"));
        Assert.Equal(perDate.Replace(":800", ":200", StringComparison.Ordinal).Replace(":600", ":200", StringComparison.Ordinal), CountsByDate(folder.Path, "executions"));
        Assert.Equal(1_400L * 4 - 200, commit.Rows["events"]);
    }

    [Fact]
    public void More_dates_than_open_files_held_in_memory_still_give_one_file_per_table_and_date()
    {
        using var folder = new TempFolder();
        // 30 dates in turn (an initial export's chunk): held and written one date at a time, not 8 COPYs cycling.
        var commit = Write(folder.Path, executions: 1_200, dates: 30, unknownEvery: 0, flushEvery: 400);

        foreach (var table in new[] { "events", "executions", "state_visits" })
        {
            var files = Directory.GetFiles(Path.Combine(folder.Path, table), "*", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(Path.Combine(folder.Path, table), f).Replace('\\', '/')).Order(StringComparer.Ordinal);
            Assert.Equal(Enumerable.Range(0, 30).Select(d => $"date={Date(d)}/run-1-0.parquet"), files);
        }
        Assert.Equal(string.Join(",", Enumerable.Range(0, 30).Select(d => $"{Date(d)}:160")), CountsByDate(folder.Path, "events"));
        Assert.Equal(1_200L * 4, commit.Rows["events"]);
        // The held copies keep each row's own text (the ARN's bytes are shared by an execution's rows in a batch).
        Assert.Equal("1200,4,P", Scalar(
            $"SELECT count(DISTINCT execution_arn) || ',' || max(n) || ',' || max(state_name) FROM (SELECT execution_arn, count(*) AS n, max(state_name) AS state_name FROM read_parquet({Glob(folder.Path, "events")}) GROUP BY ALL)"));
    }

    [Fact]
    public void Held_rows_past_their_bound_stream_the_largest_dates_and_lose_no_row()
    {
        using var folder = new TempFolder();
        var commit = Write(folder.Path, executions: 1_200, dates: 30, unknownEvery: 0, flushEvery: 400, maxHeldBytes: 64 << 10);

        Assert.Equal(string.Join(",", Enumerable.Range(0, 30).Select(d => $"{Date(d)}:160")), CountsByDate(folder.Path, "events"));
        Assert.Equal(1_200L * 4, commit.Rows["events"]);
        Assert.Equal(1_200L, Convert.ToInt64(Scalar($"SELECT count(DISTINCT execution_arn) FROM read_parquet({Glob(folder.Path, "executions")})"), CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Writers_sharing_a_batch_pool_reuse_its_batches_instead_of_allocating_their_own()
    {
        using var folder = new TempFolder();
        var pool = new BatchPool();
        Write(Path.Combine(folder.Path, "a"), executions: 300, dates: 5, unknownEvery: 0, flushEvery: 100, pool: pool);
        var spare = pool.SpareCount;
        Assert.True(spare > 0);

        Write(Path.Combine(folder.Path, "b"), executions: 300, dates: 5, unknownEvery: 0, flushEvery: 100, pool: pool);

        Assert.Equal(spare, pool.SpareCount);
        Assert.Equal(string.Join(",", Enumerable.Range(0, 5).Select(d => $"{Date(d)}:240")), CountsByDate(Path.Combine(folder.Path, "b"), "events"));
    }

    [Fact]
    public void More_dates_than_open_files_streamed_start_a_dates_next_file_and_lose_no_row()
    {
        using var folder = new TempFolder();
        // No rows held (as when a chunk's rows outgrow the bound): 12 dates in turn, each new date closes the least
        // recently written file, so every date gets several.
        Write(folder.Path, executions: 1_200, dates: 12, unknownEvery: 0, flushEvery: 400, maxHeldBytes: 0);

        var files = Directory.GetFiles(Path.Combine(folder.Path, "events", $"date={Date(0)}")).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.True(files.Count > 1);
        Assert.Equal(Enumerable.Range(0, files.Count).Select(n => $"run-1-{n}.parquet"), files);
        Assert.Equal(string.Join(",", Enumerable.Range(0, 12).Select(d => $"{Date(d)}:400")), CountsByDate(folder.Path, "events"));
        Assert.Equal(1_200L, Convert.ToInt64(Scalar($"SELECT count(DISTINCT execution_arn) FROM read_parquet({Glob(folder.Path, "events")})"), CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Files_hold_the_tables_columns_and_the_run_id_but_not_the_date_as_PARTITION_BY_wrote_them()
    {
        using var folder = new TempFolder();
        Write(folder.Path, executions: 20, dates: 2, unknownEvery: 5, flushEvery: 20);

        foreach (var schema in ExecutionHistoryFlattener.Tables.Where(t => Directory.Exists(Path.Combine(folder.Path, t.Name))))
        {
            var columns = Scalar($"SELECT string_agg(column_name, ',') FROM (DESCRIBE SELECT * FROM read_parquet({Glob(folder.Path, schema.Name)}, hive_partitioning = false))");
            Assert.Equal(string.Join(",", schema.Columns.Select(c => c.Name).Append("export_run_id")), columns);
        }
    }

    private static DatasetCommit Write(string root, int executions, int dates, int unknownEvery, int flushEvery, long maxHeldBytes = DatasetWriterOptions.DefaultMaxHeldBytes, BatchPool? pool = null)
    {
        using var writer = new DatasetWriter(root, "run-1", ExecutionHistoryFlattener.Tables, new DatasetWriterOptions { MaxHeldBytes = maxHeldBytes, BatchPool = pool });
        using var flattener = new ExecutionHistoryFlattener(ExecutionHistoryFlattener.CreateOutput(writer));
        var dated = 0;
        for (var i = 0; i < executions; i++)
        {
            flattener.BeginExecution($"arn:aws:states:us-east-1:123456789012:execution:Hello:e-{i}");
            if (unknownEvery > 0 && i % unknownEvery == unknownEvery - 1)
            {
                flattener.AddPage(Encoding.UTF8.GetBytes(PageWithoutStart));
            }
            else
            {
                // Late in the day, so the last events cross midnight: the start's date still holds them.
                flattener.AddPage(Encoding.UTF8.GetBytes(Page(FirstDay + ((dated++ % dates) * 86_400) + 86_399)));
            }
            flattener.EndExecution();
            if (i % flushEvery == flushEvery - 1)
            {
                flattener.Flush();
            }
        }
        flattener.Flush();
        return writer.Commit();
    }

    private static string Page(long start) => string.Create(CultureInfo.InvariantCulture, $$$"""
        {"events":[
          {"timestamp":{{{start}}}.5,"type":"ExecutionStarted","id":1,"previousEventId":0,"executionStartedEventDetails":{"input":"{}"}},
          {"timestamp":{{{start}}}.75,"type":"PassStateEntered","id":2,"previousEventId":0,"stateEnteredEventDetails":{"name":"P"}},
          {"timestamp":{{{start + 1}}}.25,"type":"PassStateExited","id":3,"previousEventId":2,"stateExitedEventDetails":{"name":"P"}},
          {"timestamp":{{{start + 1}}}.5,"type":"ExecutionSucceeded","id":4,"previousEventId":3,"executionSucceededEventDetails":{}}]}
        """);

    private static string Date(int day) => DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeSeconds(FirstDay).UtcDateTime).AddDays(day).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Glob(string root, string table) => DuckDbSql.Literal(Path.Combine(root, table, "*", "*.parquet"));

    /// <summary>"date:rows,…" in date order, NULL last: DuckDB's count over the files, by their Hive date.</summary>
    private static string? CountsByDate(string root, string table) => Scalar(
        $"SELECT string_agg(coalesce(date::VARCHAR, 'NULL') || ':' || n, ',' ORDER BY date NULLS LAST) "
        + $"FROM (SELECT date, count(*) AS n FROM read_parquet({Glob(root, table)}, hive_partitioning = true) GROUP BY date)");

    private static string? Scalar(string sql)
    {
        using var db = DuckDbDatabase.Open();
        using var connection = db.Connect();
        return Convert.ToString(connection.ExecuteScalar(sql), CultureInfo.InvariantCulture);
    }
}
