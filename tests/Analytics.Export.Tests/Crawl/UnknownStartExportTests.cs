using System.Text.Json;
using Analytics.Core.StepFunctions;
using Analytics.Emulator.World;
using Analytics.Export.Staging;
using Analytics.Export.Tests.Support;
using Analytics.Query;

namespace Analytics.Export.Tests.Crawl;

/// <summary>
/// A history without <c>ExecutionStarted</c> (issue 10): the export job reads it from the emulator and the import reads
/// the same page, through the one partition rule — the UTC date of the execution's start, NULL when it is unknown.
/// </summary>
public sealed class UnknownStartExportTests(SmallWorldFixture fixture) : IClassFixture<SmallWorldFixture>
{
    private static readonly string[] HistoryTables = ["executions", "events", "state_visits", "task_attempts"];

    [Fact]
    public async Task A_history_without_ExecutionStarted_lands_by_its_listed_start_when_exported_and_in_the_null_date_partition_as_imported_and_every_named_query_runs()
    {
        // A closed top-level execution with Task attempts: rows in every history table.
        string arn;
        using (var reference = new Dataset(fixture.ReferenceDir))
        {
            arn = reference.Strings(
                $"SELECT e.execution_arn FROM {reference.Table("executions")} AS e WHERE e.status = 'FAILED' AND e.parent_execution_arn IS NULL "
                + $"AND e.execution_arn IN (SELECT execution_arn FROM {reference.Table("task_attempts")}) ORDER BY 1 LIMIT 1").Single();
        }
        var target = fixture.World.FindExecution(arn)!;
        var world = new StartlessHistoryWorld(fixture.World, arn);
        var page = world.Page(arn);
        Assert.DoesNotContain("\"ExecutionStarted\"", page, StringComparison.Ordinal);

        // The export job over HTTP: the start comes from the listing, so the rows keep the partition they have when
        // the history is whole (the reference), and no event but the missing one is lost.
        var exported = fixture.NewDir("startless");
        await using (var server = await EmulatorHost.StartAsync(world))
        {
            var result = await Exporter.RunAsync(server.Url, exported);
            Assert.False(result.IsPartial);
            Assert.Equal(0, result.Quarantined);
        }
        var listedDate = "date=" + target.StartDate.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        using (var reference = new Dataset(fixture.ReferenceDir))
        using (var data = new Dataset(exported))
        {
            foreach (var table in HistoryTables)
            {
                Assert.Equal(Partitions(reference, fixture.ReferenceDir, table, arn), Partitions(data, exported, table, arn));
                Assert.Equal([listedDate], Partitions(data, exported, table, arn));
            }
            Assert.Equal(reference.Count("events", $"execution_arn = '{arn}'") - 1, data.Count("events", $"execution_arn = '{arn}'"));
            Assert.Equal(target.StartDate.ToUnixTimeMilliseconds(), data.Scalar($"SELECT epoch_ms(start_time) FROM {data.Table("executions")} WHERE execution_arn = '{arn}'"));
        }

        // The import of the same page knows no start: every row goes to the NULL date partition.
        var input = fixture.NewDir("startless-page");
        Directory.CreateDirectory(input);
        await File.WriteAllTextAsync(Path.Combine(input, "page.json"), page);
        var imported = fixture.NewDir("startless-import");
        var (exit, _, error) = await CliRun.RunAsync("import", input, "--out", imported);
        Assert.True(exit == 0, error);
        const string Unknown = "date=__HIVE_DEFAULT_PARTITION__";
        using (var data = new Dataset(imported))
        {
            Assert.All(HistoryTables, table => Assert.Equal([Unknown], Partitions(data, imported, table, arn)));
        }

        // The export's own write path (the chunk stage its writer streams into) puts the same page there too when it
        // knows no start either: one rule for both.
        using (var temp = new TempFolder())
        {
            using var stage = new ChunkStage(temp.Sub("all.spill"), "run-1", new DateOnly(2026, 11, 22));
            using var flattener = new ExecutionHistoryFlattener(ExecutionHistoryFlattener.CreateOutput(stage));
            flattener.BeginExecution(arn);
            flattener.AddPage(System.Text.Encoding.UTF8.GetBytes(page));
            flattener.EndExecution();
            flattener.Flush();
            var (files, _) = stage.StageFiles(temp.Sub("staged"), "chunk-1");
            Assert.Equal(HistoryTables.Select(t => t + "/" + Unknown).Order(StringComparer.Ordinal),
                files.Select(f => Path.GetDirectoryName(f.Relative)!.Replace('\\', '/')).Distinct().Order(StringComparer.Ordinal));
        }

        // Every named query runs over both datasets.
        foreach (var dir in (string[])[exported, imported])
        {
            using var session = QuerySession.Open(dir);
            var queries = session.Queries.All();
            Assert.NotEmpty(queries);
            foreach (var query in queries)
            {
                session.RunNamed(query.Name);
            }
        }
    }

    /// <summary>The partition folders (<c>date=…</c>) holding <paramref name="arn"/>'s rows of a table.</summary>
    private static List<string> Partitions(Dataset data, string root, string table, string arn) => data.Strings(
        $"SELECT DISTINCT regexp_extract(filename, '(date=[^/]+)/[^/]*$', 1) AS p FROM read_parquet('{Path.Combine(root, table)}/**/*.parquet', filename = true, hive_partitioning = false) "
        + $"WHERE execution_arn = '{arn}' ORDER BY p");

    /// <summary>A real world whose one execution serves its history without the first event, <c>ExecutionStarted</c>.</summary>
    private sealed class StartlessHistoryWorld(IWorld world, string startlessArn) : DelegatingWorld(world)
    {
        public override IHistorySource? GetExecutionHistory(string executionArn) =>
            executionArn == startlessArn && base.GetExecutionHistory(executionArn) is { } history ? new Startless(history) : base.GetExecutionHistory(executionArn);

        /// <summary>The page GetExecutionHistory serves, as a saved response with its execution ARN (what import reads).</summary>
        public string Page(string executionArn)
        {
            var history = GetExecutionHistory(executionArn)!;
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartObject();
                writer.WriteString("executionArn", executionArn);
                writer.WriteStartArray("events");
                history.WriteItems(writer, 0, history.Count, reverseOrder: false, includeExecutionData: false);
                writer.WriteEndArray();
                writer.WriteEndObject();
            }
            return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
        }

        private sealed class Startless(IHistorySource inner) : IHistorySource
        {
            public int Count => inner.Count - 1;

            // Oldest first, ExecutionStarted is the first item; newest first, the last (reversed positions are unchanged).
            public void WriteItems(Utf8JsonWriter writer, int start, int count, bool reverseOrder, bool includeExecutionData) =>
                inner.WriteItems(writer, reverseOrder ? start : start + 1, count, reverseOrder, includeExecutionData);
        }
    }
}
