using System.Diagnostics;
using Analytics.DuckDb;
using Analytics.Export.Manifest;
using Analytics.Export.Tests.Support;
using Analytics.Query.Tests;

namespace Analytics.Export.Tests.Manifest;

/// <summary>`analytics compact`: one file per table per closed date, the same rows and answers, crash-safe.</summary>
public sealed class PartitionCompactionTests(SmallWorldFixture fixture) : IClassFixture<SmallWorldFixture>
{
    [Fact]
    public async Task Compaction_leaves_one_file_per_table_and_date_and_every_named_query_answers_the_same()
    {
        var dir = await ExportUncompacted();
        Assert.True(MaxFilesPerPartition(dir) > 1, "the export wrote several files per partition");
        var before = await NamedQueryResults(dir);

        var (exit, output, error) = await CliRun.RunAsync("compact", "--out", dir);
        Assert.True(exit == 0, error);
        Assert.Contains("merged", output, StringComparison.Ordinal);

        Assert.Equal(1, MaxFilesPerPartition(dir));
        fixture.AssertSameAsReference(dir);
        Assert.Empty(DatasetCheck.Run(dir, out _));
        var after = await NamedQueryResults(dir);
        Assert.Equal(before.Keys, after.Keys);
        Assert.All(before, q => Assert.True(q.Value == after[q.Key], $"{q.Key} differs after compaction"));

        // A second compaction has nothing to do; an export after it fetches nothing again.
        Assert.Equal(0, Compact(dir).Partitions);
        Assert.Equal(0, (await Exporter.RunAsync(fixture.Server.Url, dir)).Executions);
        fixture.AssertSameAsReference(dir);
    }

    [Fact]
    public async Task Compaction_writes_each_dates_duration_rollup_and_the_latency_queries_answer_from_it_as_from_the_rows()
    {
        var dir = await ExportUncompacted();
        Compact(dir);
        var answers = AssertRollupAnswersAsRows(dir, Rollup.Duration, "latency_percentiles", "latency_regressions", "retry_advice");
        Assert.NotEmpty(answers["latency_percentiles"]);
        Assert.NotEmpty(answers["latency_regressions"]);
    }

    [Fact]
    public async Task Compaction_writes_each_dates_retry_rollup_and_retry_advice_answers_from_it_as_from_the_rows()
    {
        var dir = fixture.NewDir("retry-advice-world");
        await WorldExport.ExportAsync("retry-advice.json", dir);
        Compact(dir);
        // latency_regressions too: the world's 14 days fill both its windows, on both sides of a day the windows split.
        var answers = AssertRollupAnswersAsRows(dir, Rollup.Retry, "retry_advice", "latency_regressions");
        // The world makes every finding, of Task states and of durable steps.
        var findings = answers["retry_advice"].Select(line => line.Split('|')).Select(f => $"{f[2]}:{f[5]}").ToHashSet(StringComparer.Ordinal);
        Assert.Superset(new HashSet<string>(StringComparer.Ordinal)
        {
            "task_state:error_not_retried", "task_state:retries_rarely_succeed", "task_state:retries_exhausted",
            "task_state:throttling_without_jitter", "task_state:lambda_service_retrier_missing",
            "durable_step:retries_rarely_succeed", "durable_step:retries_exhausted",
        }, findings);
    }

    /// <summary>
    /// Asserts that every date with rows of <paramref name="rollup"/>'s sources has its rollup, and that the named
    /// queries answer from the rollups as a session whose views script differs by a comment line (so every rollup is
    /// stale and the rows are counted) does: over the whole dataset, its whole days, a window that cuts its first
    /// and last days (those are counted from rows), and one from 06:00 mid-dataset (latency_regressions' two windows
    /// then split a day). Returns each query's whole-dataset answer.
    /// </summary>
    private Dictionary<string, List<string>> AssertRollupAnswersAsRows(string dir, Rollup rollup, params string[] names)
    {
        var sourceDates = rollup.Sources.Where(t => Directory.Exists(Path.Combine(dir, t)))
            .SelectMany(t => Directory.EnumerateDirectories(Path.Combine(dir, t))).Select(Path.GetFileName)
            .Where(d => d != "date=__HIVE_DEFAULT_PARTITION__").Distinct().Order(StringComparer.Ordinal).ToList();
        var rollupDates = Directory.EnumerateDirectories(Path.Combine(dir, rollup.Table)).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(sourceDates);
        Assert.Equal(sourceDates, rollupDates);

        var otherQueries = fixture.NewDir("other-views");
        Folders.Copy(Path.Combine(AppContext.BaseDirectory, "queries"), otherQueries);
        File.AppendAllText(Path.Combine(otherQueries, "_views.sql"), "\n-- another definition\n");
        using var fromRollups = Analytics.Query.QuerySession.Open(dir);
        using var fromRows = Analytics.Query.QuerySession.Open(dir, new Analytics.Query.QuerySessionOptions { Queries = Analytics.Query.NamedQueries.Locate(otherQueries) });
        var rollupDatesSql = $"SELECT len(coalesce(map_extract(getvariable('analytics_rollup_dates'), '{rollup.Table}')[1], []::DATE[]))";
        Assert.Equal(rollupDates.Count, Convert.ToInt32(fromRollups.Run(rollupDatesSql).Rows[0][0], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(0, Convert.ToInt32(fromRows.Run(rollupDatesSql).Rows[0][0], System.Globalization.CultureInfo.InvariantCulture));

        var first = DateTime.ParseExact(sourceDates[0]![5..], "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var last = DateTime.ParseExact(sourceDates[^1]![5..], "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Analytics.Query.QueryParameters?[] windows =
        [
            null,
            Analytics.Query.QueryParameters.Window(new DateTimeOffset(first, TimeSpan.Zero), new DateTimeOffset(last.AddDays(1), TimeSpan.Zero)),
            Analytics.Query.QueryParameters.Window(new DateTimeOffset(first.AddHours(6), TimeSpan.Zero), new DateTimeOffset(last.AddHours(18), TimeSpan.Zero)),
            // Starting mid-dataset at 06:00: latency_regressions' previous window holds whole days and the cut one.
            Analytics.Query.QueryParameters.Window(new DateTimeOffset(first.AddDays((last - first).Days / 2).AddHours(6), TimeSpan.Zero), new DateTimeOffset(last.AddHours(18), TimeSpan.Zero)),
        ];
        var answers = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var window in windows)
        {
            foreach (var name in names)
            {
                var expected = Lines(fromRows.RunNamed(name, window));
                Assert.Equal(expected, Lines(fromRollups.RunNamed(name, window)));
                answers.TryAdd(name, expected);
            }
        }
        return answers;
    }

    private static List<string> Lines(Analytics.Query.QueryTable table) =>
        table.Rows.Select(row => string.Join("|", row.Select(v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture)))).ToList();

    [Fact]
    public async Task Compaction_killed_at_random_moments_never_shows_a_row_twice_and_a_rerun_completes_it()
    {
        var dir = await ExportUncompacted();
        var copy = fixture.NewDir("compact-timing");
        Folders.Copy(dir, copy);
        var clean = Stopwatch.StartNew();
        Assert.Equal(0, (await CliRun.RunAsync("compact", "--out", copy)).Exit);
        var duration = clean.Elapsed;

        // Each kill lands 25-85 % into a run as long as the shortest one seen, so every run at least that long is killed.
        // (300 ms plus up to a whole timing run's length missed every run shorter than its moment: a timing run slowed by
        // a busy moment, or a fast machine where the whole process takes ~0.5 s, left 5 kills in 20 runs to chance.) A
        // run shorter than all before it can still beat its kill: it is not counted and the later moments come from it.
        var random = new Random(20261204);
        var kills = 0;
        var attempts = 0;
        for (; kills < 5 && attempts < 20; attempts++)
        {
            var killed = fixture.NewDir("compact-killed");
            Folders.Copy(dir, killed);
            var started = Stopwatch.StartNew();
            using (var process = StartCompact(killed))
            {
                await Task.WhenAny(process.WaitForExitAsync(), Task.Delay(duration * (0.25 + (0.6 * random.NextDouble()))));
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true); // SIGKILL on Unix
                }
                await process.WaitForExitAsync();
                if (process.ExitCode == 0)
                {
                    // It finished first (or as the kill was sent): not a kill.
                    duration = TimeSpan.FromTicks(Math.Min(duration.Ticks, started.Elapsed.Ticks));
                }
                else
                {
                    kills++;
                }
            }
            AssertNoRowTwice(killed);
            var (exit, _, error) = await CliRun.RunAsync("compact", "--out", killed);
            Assert.True(exit == 0, error);
            Assert.Equal(1, MaxFilesPerPartition(killed));
            fixture.AssertSameAsReference(killed);
            Assert.Empty(DatasetCheck.Run(killed, out _));
        }
        Assert.True(kills == 5, $"{kills} kills in {attempts} runs");
    }

    [Fact]
    public async Task A_lost_compacted_file_has_every_chunk_it_merged_fetched_again_without_duplicates()
    {
        var dir = fixture.NewDir("compacted-lost");
        Assert.False((await Exporter.RunAsync(fixture.Server.Url, dir, o => o.ChunkExecutions = 20)).IsPartial);
        var merged = Directory.EnumerateFiles(Path.Combine(dir, "events"), "compact-*.parquet", SearchOption.AllDirectories).Order(StringComparer.Ordinal).First();
        File.Delete(merged);

        var again = await Exporter.RunAsync(fixture.Server.Url, dir);
        Assert.False(again.IsPartial);
        Assert.True(again.Executions > 0, "the merged chunks' executions are fetched again");
        fixture.AssertSameAsReference(dir);
        Assert.Equal(1, MaxFilesPerPartition(dir));
    }

    [Theory]
    [InlineData("executions", "status", "SUCCEEDED", "execution_arn")]
    [InlineData("task_attempts", "outcome", "succeeded", "execution_arn")]
    [InlineData("durable_executions", "status", "SUCCEEDED", "durable_execution_arn")]
    public async Task Compaction_puts_unsuccessful_rows_first_then_sorts_by_status_and_arn(string table, string status, string success, string arn)
    {
        var dir = await ExportUncompacted();
        Compact(dir);

        using var data = new Dataset(dir);
        var files = Directory.EnumerateFiles(Path.Combine(dir, table), "compact-*.parquet", SearchOption.AllDirectories).ToList();
        Assert.NotEmpty(files);
        var rows = $"read_parquet([{string.Join(", ", files.Select(DuckDbSql.Literal))}], file_row_number = true, filename = true)";
        Assert.True(data.Scalar($"SELECT count(*) FROM {rows} WHERE {status} <> '{success}'") > 0, $"{table} has unsuccessful rows");
        // In file order, (successful?, status, ARN) never goes down: the unsuccessful rows fill the head of each file.
        var outOfOrder = data.Scalar($"""
            SELECT count(*) FROM (
                SELECT row({status} = '{success}', {status}, {arn}) AS k,
                       lag(row({status} = '{success}', {status}, {arn})) OVER (PARTITION BY filename ORDER BY file_row_number) AS previous
                FROM {rows})
            WHERE k < previous
            """);
        Assert.Equal(0, outOfOrder);
    }

    [Fact]
    public async Task Compaction_puts_durable_failure_events_first_by_type_then_the_rest_by_arn()
    {
        var dir = await ExportUncompacted();
        Compact(dir);

        using var data = new Dataset(dir);
        var files = Directory.EnumerateFiles(Path.Combine(dir, "durable_events"), "compact-*.parquet", SearchOption.AllDirectories).ToList();
        Assert.NotEmpty(files);
        var rows = $"read_parquet([{string.Join(", ", files.Select(DuckDbSql.Literal))}], file_row_number = true, filename = true)";
        const string failure = "(suffix(event_type, 'Failed') OR suffix(event_type, 'TimedOut') OR suffix(event_type, 'Stopped'))";
        Assert.True(data.Scalar($"SELECT count(*) FROM {rows} WHERE event_type = 'StepFailed'") > 0, "durable_events has StepFailed events");
        // In file order, (not a failure?, failure type, ARN, event id) never goes down.
        var key = $"row(NOT {failure}, CASE WHEN {failure} THEN event_type END, durable_execution_arn, event_id)";
        var outOfOrder = data.Scalar($"""
            SELECT count(*) FROM (
                SELECT {key} AS k, lag({key}) OVER (PARTITION BY filename ORDER BY file_row_number) AS previous
                FROM {rows})
            WHERE k < previous
            """);
        Assert.Equal(0, outOfOrder);
    }

    [Fact]
    public void Compaction_writes_executions_in_row_groups_of_30720_rows_and_the_other_tables_in_duckdbs_default()
    {
        // A world's date holds fewer executions than one row group, so the size is checked here, where Merge takes it.
        Assert.Equal(30_720, DatasetStore.RowGroupSize("executions"));
        Assert.All(["task_attempts", "durable_executions", "durable_events", "events", "state_visits"], t => Assert.Null(DatasetStore.RowGroupSize(t)));
    }

    [Fact]
    public async Task A_store_opened_without_its_exported_executions_compacts_and_writes_the_whole_snapshot_once_it_loads_them()
    {
        var dir = await ExportUncompacted();
        int exported;
        using (var store = DatasetStore.Open(dir, ShardSpec.All))
        {
            exported = store.State.Executions.Count;
        }
        Assert.True(exported > 0);
        using (var store = DatasetStore.Open(dir, ShardSpec.All, exportedExecutions: false))
        {
            Assert.True(store.State.WithoutExecutions);
            Assert.Equal(0, store.State.Executions.Count);
            Assert.Throws<InvalidOperationException>(() => store.State.WriteSnapshot(Stream.Null, []));
            Assert.True(store.CompactPartitions(_ => true).Partitions > 0);
            store.LoadExportedExecutions();
            Assert.Equal(exported, store.State.Executions.Count);
            Assert.True(store.TryCompact(1));
        }
        using (var store = DatasetStore.Open(dir, ShardSpec.All))
        {
            Assert.Equal(exported, store.State.Executions.Count);
        }
        Assert.Equal(0, (await Exporter.RunAsync(fixture.Server.Url, dir)).Executions);
        fixture.AssertSameAsReference(dir);
    }

    [Fact]
    public void Compaction_reads_files_of_one_schema_without_union_by_name_and_files_of_several_schemas_with_it()
    {
        var dir = Directory.CreateDirectory(fixture.NewDir("schemas")).FullName;
        using var database = DuckDbDatabase.Open();
        using var connection = database.Connect();
        string Write(string name, string select)
        {
            var path = Path.Combine(dir, name);
            connection.Execute($"COPY ({select}) TO {DuckDbSql.Literal(path)} (FORMAT parquet)");
            return path;
        }
        var ab = Write("ab.parquet", "SELECT 1 AS a, 'x' AS b");
        var ab2 = Write("ab2.parquet", "SELECT 2 AS a, 'y' AS b");
        var older = Write("a.parquet", "SELECT 3 AS a");
        Assert.Contains("union_by_name = false", DatasetStore.ReadParquet(connection, [ab, ab2]), StringComparison.Ordinal);
        // A file of an older schema first: read without union_by_name, b would be dropped from every file.
        var read = DatasetStore.ReadParquet(connection, [older, ab]);
        Assert.Contains("union_by_name = true", read, StringComparison.Ordinal);
        Assert.Equal("1:x,3:-", connection.ExecuteScalar($"SELECT string_agg(a || ':' || coalesce(b, '-'), ',' ORDER BY a) FROM {read}"));
    }

    [Fact]
    public void Compaction_sorts_within_a_fixed_memory_budget_spilling_under_the_datasets_staging_folder()
    {
        // 512MB let the 1M world's compaction peak at 1.76 GB: DuckDB holds ~200 MB beyond its limit per sort.
        var spill = Path.Combine("/data", "_staging", "all.compact.spill");
        var config = DatasetStore.CompactionConfig(spill);
        Assert.Equal("192MB", config.MemoryLimit);
        Assert.True(config.Threads is >= 1 and <= 2, $"threads {config.Threads}");
        Assert.Equal(spill, config.Options["temp_directory"]);
        Assert.Equal("false", config.Options["enable_external_file_cache"]);
    }

    private async Task<string> ExportUncompacted()
    {
        var dir = fixture.NewDir("uncompacted");
        var result = await Exporter.RunAsync(fixture.Server.Url, dir, o =>
        {
            o.ChunkExecutions = 20;
            o.CompactPartitions = false;
        });
        Assert.False(result.IsPartial);
        return dir;
    }

    private static PartitionCompaction Compact(string dir)
    {
        using var store = DatasetStore.Open(dir, ShardSpec.All);
        return store.CompactPartitions(_ => true);
    }

    /// <summary>The most Parquet files any history table or export_runs holds for one settled date (export runs of
    /// today write export_runs files of today), as a globbing reader sees them.</summary>
    private static int MaxFilesPerPartition(string dir) =>
        Directory.EnumerateFiles(dir, "*.parquet", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(dir, f).Split(Path.DirectorySeparatorChar))
            .Where(parts => parts.Length == 3 && !parts[0].StartsWith('_') && parts[0] is not ("state_machines" or "functions" or "open_executions"))
            .Where(parts => string.CompareOrdinal(parts[1], $"date={DateTime.UtcNow.AddDays(-new ExportOptions().SettledAfterDays):yyyy-MM-dd}") <= 0)
            .GroupBy(parts => parts[0] + "/" + parts[1])
            .Max(g => g.Count());

    /// <summary>A reader that globs the table folders never sees more of a row than the clean dataset has.</summary>
    private void AssertNoRowTwice(string dir)
    {
        using var reference = new Dataset(fixture.ReferenceDir);
        using var data = new Dataset(dir);
        foreach (var table in SmallWorldFixture.ComparedTables)
        {
            var (expectedRows, actualRows) = Dataset.Comparable(reference, data, table); // either side of a UTC midnight too
            var expected = expectedRows.CountBy(r => r).ToDictionary();
            foreach (var (row, count) in actualRows.CountBy(r => r))
            {
                Assert.True(count <= expected.GetValueOrDefault(row), $"{table}: a row seen {count} times after a killed compaction");
            }
        }
    }

    private static async Task<Dictionary<string, string>> NamedQueryResults(string dir)
    {
        var results = new Dictionary<string, string>(StringComparer.Ordinal);
        var queries = Path.Combine(AppContext.BaseDirectory, "queries");
        foreach (var name in Directory.EnumerateFiles(queries, "*.sql").Select(Path.GetFileNameWithoutExtension).Where(n => !n!.StartsWith('_')).Order(StringComparer.Ordinal))
        {
            var (exit, output, error) = await CliRun.RunAsync("query", "--name", name!, "--data", dir, "--format", "csv");
            Assert.True(exit == 0, $"{name}: {error}");
            results[name!] = output;
        }
        Assert.True(results.Count >= 10, $"{results.Count} named queries found");
        return results;
    }

    private static Process StartCompact(string dir)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "analytics.dll"), "compact", "--out", dir })
        {
            info.ArgumentList.Add(argument);
        }
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }
}
