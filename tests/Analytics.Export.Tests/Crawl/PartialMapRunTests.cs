using Analytics.Aws.Retry;
using Analytics.DuckDb;
using Analytics.Emulator.Http;
using Analytics.Export.Crawl;
using Analytics.Export.Tests.Support;
using Xunit.Abstractions;

namespace Analytics.Export.Tests.Crawl;

/// <summary>
/// Issue 15 item 2: a Map Run unit is no longer all-or-nothing. What was fetched is committed, the parts that failed
/// for good are recorded and fetched by later runs, and the dataset converges to the clean one.
/// </summary>
public sealed class PartialMapRunTests(SmallWorldFixture fixture, ITestOutputHelper output) : IClassFixture<SmallWorldFixture>
{
    [Fact]
    public async Task Map_Run_parts_that_fail_for_good_are_left_out_and_only_they_are_fetched_by_the_next_run()
    {
        using var reference = new Dataset(fixture.ReferenceDir);
        var executions = reference.Table("executions");
        // One whole Map Run (the one with fewest children) and every 4th child of the other top-level Map Runs.
        var deniedMapRun = reference.Strings($"""
            SELECT map_run_arn FROM {executions} WHERE map_run_arn IS NOT NULL GROUP BY ALL ORDER BY count(*), map_run_arn LIMIT 1
            """).Single();
        var children = reference.Strings($"""
            SELECT c.execution_arn FROM {executions} c JOIN {executions} p ON p.execution_arn = c.parent_execution_arn
            WHERE p.parent_execution_arn IS NULL AND c.type = 'STANDARD' AND c.status <> 'RUNNING' AND c.map_run_arn <> {DuckDbSql.Literal(deniedMapRun)}
            ORDER BY c.execution_arn
            """);
        var deniedChildren = children.Where((_, i) => i % 4 == 0).ToHashSet(StringComparer.Ordinal);
        Assert.True(deniedChildren.Count >= 5, $"{deniedChildren.Count} denied children");
        // What the first run cannot have: the denied children, the denied Map Run's children, and everything below.
        var gone = reference.Strings($"""
            WITH RECURSIVE gone(arn) AS (
                SELECT execution_arn FROM {executions}
                WHERE execution_arn IN ({string.Join(", ", deniedChildren.Select(DuckDbSql.Literal))}) OR map_run_arn = {DuckDbSql.Literal(deniedMapRun)}
                UNION SELECT e.execution_arn FROM {executions} e JOIN gone g ON e.parent_execution_arn = g.arn)
            SELECT arn FROM gone
            """);
        var goneList = string.Join(", ", gone.Select(DuckDbSql.Literal));

        var dir = fixture.NewDir("denied-parts");
        await using (var server = await EmulatorHost.StartAsync(new PartsDenyingWorld(fixture.World, deniedChildren, new HashSet<string> { deniedMapRun })))
        {
            // Folded into the manifest snapshot as it ends: the pending parts must survive that.
            var first = await Exporter.RunAsync(server.Url, dir, o => o.CompactManifestAt = 1);
            Assert.True(File.Exists(Path.Combine(dir, "_manifest", "snapshot.bin")));

            // Every top-level execution is exported, each failed part is reported, and everything else is there.
            Assert.True(first.IsPartial);
            Assert.Equal(deniedChildren.Count + 1, first.Failures);
            Assert.Equal(reference.Count("executions", "parent_execution_arn IS NULL") + reference.Count("durable_executions"), first.Executions);
            using var data = new Dataset(dir);
            foreach (var table in SmallWorldFixture.ComparedTables)
            {
                var where = table switch
                {
                    "executions" or "events" or "state_visits" or "task_attempts" => $"execution_arn NOT IN ({goneList})",
                    "map_runs" => $"execution_arn NOT IN ({goneList}) AND map_run_arn <> {DuckDbSql.Literal(deniedMapRun)}",
                    _ => "true",
                };
                // The snapshot tables whole (where is true): the reference's may be of the day before (a UTC midnight).
                var (expected, actual) = where == "true" ? Dataset.Comparable(reference, data, table) : (reference.Dump(table, where), data.Dump(table));
                Assert.True(expected.Count == actual.Count, $"{table}: {actual.Count} rows after the first run, expected {expected.Count}");
                Assert.True(expected.SequenceEqual(actual), $"{table}: rows differ");
            }

            // Still denied: the next run retries just the parts, and they stay pending (under their state machine).
            var again = await Exporter.RunAsync(server.Url, dir);
            Assert.Equal(deniedChildren.Count + 1, again.Failures);
            Assert.Equal(0, again.Executions);
        }

        // The faults are gone: the next run fetches the pending parts, and only them.
        var second = await Exporter.RunAsync(fixture.Server.Url, dir);
        Assert.False(second.IsPartial);
        Assert.Equal(0, second.Executions);
        var historyPages = reference.Scalar($"""
            SELECT sum(greatest(1, ceil(event_count / 1000))) FROM {executions}
            WHERE execution_arn IN ({goneList}) AND type = 'STANDARD' AND status <> 'RUNNING'
            """);
        Assert.Equal(historyPages, second.CallsByApi.GetValueOrDefault("GetExecutionHistory"));
        Assert.Equal(reference.Count("map_runs", $"execution_arn IN ({goneList}) OR map_run_arn = {DuckDbSql.Literal(deniedMapRun)}"),
            second.CallsByApi.GetValueOrDefault("DescribeMapRun"));
        fixture.AssertSameAsReference(dir);

        // Nothing is left pending: a third run fetches no history.
        var third = await Exporter.RunAsync(fixture.Server.Url, dir);
        Assert.Equal(0, third.CallsByApi.GetValueOrDefault("GetExecutionHistory"));
        fixture.AssertSameAsReference(dir);
    }

    [Fact]
    public async Task A_re_export_of_an_execution_whose_parts_came_late_replaces_those_rows_too()
    {
        using var reference = new Dataset(fixture.ReferenceDir);
        var executions = reference.Table("executions");
        var parent = reference.Strings($"""
            SELECT parent_execution_arn FROM {executions} WHERE type = 'STANDARD' AND parent_execution_arn IS NOT NULL
            GROUP BY ALL ORDER BY count(*) DESC, parent_execution_arn LIMIT 1
            """).Single();
        var denied = reference.Strings($"""
            SELECT execution_arn FROM {executions} WHERE parent_execution_arn = {DuckDbSql.Literal(parent)} AND type = 'STANDARD' AND status <> 'RUNNING'
            ORDER BY execution_arn
            """).Where((_, i) => i % 3 == 0).ToHashSet(StringComparer.Ordinal);
        Assert.NotEmpty(denied);
        var dir = fixture.NewDir("late-parts-redriven");
        await using (var server = await EmulatorHost.StartAsync(new PartsDenyingWorld(fixture.World, denied, new HashSet<string>())))
        {
            Assert.Equal(denied.Count, (await Exporter.RunAsync(server.Url, dir, o => o.CompactManifestAt = 1)).Failures);
        }
        // The parts come in a later chunk than their parent's.
        Assert.False((await Exporter.RunAsync(fixture.Server.Url, dir, o => o.CompactManifestAt = 1)).IsPartial);
        fixture.AssertSameAsReference(dir);

        // The parent is redriven: its re-export replaces its rows in both chunks (the late one known from the snapshot),
        // so none is doubled.
        await using (var server = await EmulatorHost.StartAsync(new RedrivenWorld(fixture.World, parent)))
        {
            var redriven = await Exporter.RunAsync(server.Url, dir);
            Assert.False(redriven.IsPartial);
            Assert.Equal(1, redriven.Executions);
        }
        fixture.AssertSameAsReference(dir);
    }
    [Fact]
    public async Task EXPRESS_Map_Run_children_whose_parent_log_group_could_not_be_read_get_their_events_from_the_next_run()
    {
        // clickstream-batch's Distributed Map runs EXPRESS children, which log to clickstream-batch's group. They used
        // to keep a listing row without events when that group's read failed, and no later run fetched their history.
        using var reference = new Dataset(fixture.ReferenceDir);
        var machine = fixture.World.StateMachines.Single(m => m.Name == "clickstream-batch");
        const string children = "execution_arn LIKE '%:express:clickstream-batch/%'";
        var logged = reference.Count("executions", $"{children} AND history_source = 'logs' AND history_complete");
        Assert.True(logged > 10 && logged == reference.Count("executions", children), $"{logged} logged EXPRESS children in the reference");
        var group = ExportJob.LogGroupName(fixture.World.Logs.LoggingOf(machine.StateMachineArn)!.LogGroupArn)!;
        var mapRuns = reference.Count("map_runs", $"execution_arn IN (SELECT parent_execution_arn FROM {reference.Table("executions")} WHERE {children})");

        var dir = fixture.NewDir("logs-denied");
        await using (var server = await EmulatorHost.StartAsync(new LogsDenyingWorld(fixture.World, group)))
        {
            // The run reports the group's passes and each Map Run whose EXPRESS children wait (exit 1); they get no row
            // yet (the pending parts survive the manifest snapshot).
            var first = await Exporter.RunAsync(server.Url, dir, o => o.CompactManifestAt = 1);
            Assert.True(first.IsPartial && first.Failures > mapRuns, $"{first.Failures} failures, {mapRuns} Map Runs");
            using var data = new Dataset(dir);
            Assert.Equal(0, data.Count("executions", children));
            Assert.Equal(reference.Count("map_runs"), data.Count("map_runs"));
        }

        // The group reads again: the next run gives the children their events, once, and the dataset is the clean one.
        Assert.False((await Exporter.RunAsync(fixture.Server.Url, dir)).IsPartial);
        fixture.AssertSameAsReference(dir);
        Assert.False((await Exporter.RunAsync(fixture.Server.Url, dir)).IsPartial);
        fixture.AssertSameAsReference(dir);
    }

    [Fact]
    public async Task An_export_under_the_hard_fault_mix_converges_to_the_clean_dataset_in_a_few_runs()
    {
        // The issue's mix; with 12 attempts per call ~7 % of calls still fail for good, in every phase of every run
        // (short backoffs keep a run to seconds: what matters here is the failures, not the waiting).
        await using var faulty = await EmulatorHost.StartAsync(fixture.World, new EmulatorOptions
        {
            Port = 0,
            Seed = 11,
            ThrottleRate = 0.5,
            ErrorRate = 0.2,
            ResetRate = 0.05,
            TruncateRate = 0.05,
        });
        var retry = new RetryOptions
        {
            MaxAttempts = 12, QuotaCapacity = 1_000_000, BaseDelay = TimeSpan.FromMilliseconds(1),
            ThrottlingBaseDelay = TimeSpan.FromMilliseconds(2), MaxBackoff = TimeSpan.FromMilliseconds(10),
            MaxRetryAfter = TimeSpan.FromMilliseconds(10), // Lambda throttles ask for a whole second
        };
        var dir = fixture.NewDir("fault-mix");
        var log = new List<string>();
        for (var run = 1; ; run++)
        {
            var result = await Exporter.Create(faulty.Url, dir, retry: retry).RunAsync();
            using var reference = new Dataset(fixture.ReferenceDir);
            using var data = new Dataset(dir);
            var differing = HistoryTables.Where(t => !reference.Dump(t).SequenceEqual(data.Dump(t))).ToList();
            log.Add($"run {run}: {result.Failures} failures, {result.ExecutionRows} execution rows, differing: {string.Join(" ", differing)}");
            output.WriteLine(log[^1]);
            if (differing.Count == 0)
            {
                break;
            }
            // Runs to converge, measured 2026-12-05: 3-7 on a quiet machine (16 runs of the test, code before and after
            // that day's export changes alike), 9 once beside the rest of the suite in a fresh-clone CI (8 allowed then).
            Assert.True(run < 12, "not converged after 12 runs:\n" + string.Join("\n", log));
        }
        // Snapshot tables are each run's own (a resource whose describe failed is missing from that run's), so they
        // are compared after a run without faults, which must then find nothing left to fetch.
        var clean = await Exporter.RunAsync(fixture.Server.Url, dir);
        Assert.False(clean.IsPartial);
        Assert.Equal(0, clean.CallsByApi.GetValueOrDefault("GetExecutionHistory") + clean.CallsByApi.GetValueOrDefault("GetDurableExecutionHistory"));
        fixture.AssertSameAsReference(dir);
    }

    private static readonly string[] HistoryTables =
        ["executions", "events", "state_visits", "task_attempts", "map_runs", "durable_executions", "durable_events", "durable_operations"];
}
