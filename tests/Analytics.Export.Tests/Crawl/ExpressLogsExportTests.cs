using Analytics.Emulator.World;
using Analytics.Export.Crawl;
using Analytics.Export.Tests.Support;
using Xunit.Abstractions;

namespace Analytics.Export.Tests.Crawl;

/// <summary>EXPRESS histories crawled from CloudWatch Logs: late and out-of-order delivery, and levels below ALL.</summary>
public sealed class ExpressLogsExportTests(ITestOutputHelper output)
{
    private const string FraudLogging = "\"logging\": { \"level\": \"ALL\", \"includeExecutionData\": true, \"lateProbability\": 0.01 }";

    /// <summary>A one-day cut of the default world with fraud-score's logging replaced (and text replaced in it).</summary>
    private static SimulatedWorld World(string logging, DateTimeOffset now, params (string From, string To)[] changes)
    {
        var json = File.ReadAllText(TestWorlds.DefaultWorldPath).Replace("\"days\": 14", "\"days\": 1", StringComparison.Ordinal);
        foreach (var (from, to) in changes.Prepend((FraudLogging, logging)))
        {
            Assert.Contains(from, json, StringComparison.Ordinal);
            json = json.Replace(from, to, StringComparison.Ordinal);
        }
        return WorldLoader.LoadJson(json, "default.json (express)", TestWorlds.Seed, now);
    }

    /// <summary>
    /// Every execution's lines arrive up to 40 min after they happened, a third of them a further 5 min to 2 h late
    /// (after later lines of their execution): never beyond the 3 h overlap of <see cref="s_overlap"/>.
    /// </summary>
    private const string LateDelivery = "\"logging\": { \"level\": \"ALL\", \"includeExecutionData\": true, \"lateProbability\": 0.3, "
        + "\"deliveryDelay\": { \"minMs\": 0, \"maxMs\": 2400000 }, "
        + "\"lateDelay\": { \"minMs\": 300000, \"maxMs\": 7200000 } }";

    private static readonly Action<ExportOptions> s_overlap = o => o.LogsOverlap = TimeSpan.FromHours(3);

    /// <summary><see cref="s_overlap"/> for an export run as a child process.</summary>
    private static readonly Dictionary<string, string> s_cliOverlap = new() { ["ANALYTICS__EXPORT__LOGSOVERLAP"] = "03:00:00" };

    [Fact]
    public async Task Late_and_out_of_order_delivery_across_two_nightly_runs_equals_one_run_after_all_delivery()
    {
        var first = TestWorlds.DefaultNow;
        var second = first.AddDays(1);
        using var temp = new TempFolder();
        var nightly = temp.Sub("nightly");
        var single = temp.Sub("single");

        long afterFirst;
        await using (var server = await EmulatorHost.StartAsync(World(LateDelivery, first)))
        {
            Assert.False((await Exporter.RunAsync(server.Url, nightly, s_overlap)).IsPartial);
            using var data = new Dataset(nightly);
            afterFirst = data.Count("executions", "history_source = 'logs'");
        }
        await using (var server = await EmulatorHost.StartAsync(World(LateDelivery, second)))
        {
            Assert.False((await Exporter.RunAsync(server.Url, nightly, s_overlap)).IsPartial);
            Assert.False((await Exporter.RunAsync(server.Url, single, s_overlap)).IsPartial);
        }
        using var nightlyData = new Dataset(nightly);
        // The first run carried executions whose lines were still on their way; the second picked them up.
        var carried = nightlyData.Scalar($"SELECT count(*) FROM {nightlyData.Table("executions")} WHERE history_source = 'logs' AND start_time < TIMESTAMPTZ '{first:O}'") - afterFirst;
        Assert.True(afterFirst > 100 && carried > 10, $"{afterFirst} exported by the first run, {carried} carried over to the second");
        AssertSameAsSingleRun(single, nightly);
    }

    [Fact]
    public async Task Runs_killed_at_random_moments_across_two_nightly_runs_of_late_logs_then_completing_runs_equal_one_run_after_all_delivery()
    {
        // The nights of the test above, each a storm of CLI exports killed with SIGKILL at random moments (each run
        // resuming what the one before it left), then a completing run.
        var first = TestWorlds.DefaultNow;
        var second = first.AddDays(1);
        using var temp = new TempFolder();
        var killed = temp.Sub("killed");
        var single = temp.Sub("single");
        var random = new Random(20261205);
        foreach (var (now, night) in new[] { (first, "first"), (second, "second") })
        {
            var world = World(LateDelivery, now);
            var arns = WorldTruth.Of(world).TopLevel.Select(a => a.Split(' ')[0]).ToList();
            await using var server = await EmulatorHost.StartAsync(world);
            // The second night has less to do (a day's new executions, and those carried over): fewer runs get killed.
            var committed = await KillAtRandomMomentsAsync(server.Url, killed, arns, random, night == "first" ? 4 : 2, untilExpressInProgress: night == "first");
            output.WriteLine($"{night} night: (all, EXPRESS) executions committed after each kill: {string.Join(", ", committed)}");
            Assert.True(committed.Count >= (night == "first" ? 4 : 1), $"{committed.Count} of the {night} night's runs killed");
            Assert.False((await Exporter.RunAsync(server.Url, killed, s_overlap)).IsPartial);
            if (night == "second")
            {
                Assert.False((await Exporter.RunAsync(server.Url, single, s_overlap)).IsPartial);
            }
            using var data = new Dataset(killed);
            var express = data.Count("executions", "history_source = 'logs' AND map_run_arn IS NULL");
            // The first night's kills landed while its log crawl was committing executions, not only before or after.
            Assert.True(night != "first" || committed.Exists(c => c.Express > 0 && c.Express < express), $"no kill among the EXPRESS executions' commits ({express} in all)");
        }
        AssertSameAsSingleRun(single, killed);
    }

    /// <summary>
    /// Starts CLI exports into <paramref name="dir"/> and kills each with SIGKILL while it commits
    /// (<see cref="CliExport.RunKilledWhileCommittingAsync"/>), until <paramref name="count"/> runs were killed and,
    /// with <paramref name="untilExpressInProgress"/>, one of them while committing the log crawl's EXPRESS executions
    /// (some of the world's, <paramref name="arns"/>, committed by this storm, not all); at most 24 runs. The first
    /// night's EXPRESS executions are committed from ~200 executions in: this seed's draws kill 7 runs to get there, and
    /// every kill at its earliest (after 1 chunk, no delay) 15, which left 1 run to spare under the former cap of 16.
    /// Returns, per kill, how many of the world's top-level executions and how many of its EXPRESS ones were committed
    /// by then.
    /// </summary>
    private static async Task<List<(int All, int Express)>> KillAtRandomMomentsAsync(Uri endpoint, string dir, List<string> arns, Random random, int count, bool untilExpressInProgress)
    {
        (int All, int Express) Exported()
        {
            var executions = Analytics.Export.Manifest.DatasetStore.LoadCommittedFiles(dir, filesOnly: false)?.Executions;
            var committed = arns.Where(a => executions?.ContainsKey(a) == true).ToList();
            return (committed.Count, committed.Count(a => a.Contains(":express:", StringComparison.Ordinal)));
        }
        var express = (Before: Exported().Express, All: arns.Count(a => a.Contains(":express:", StringComparison.Ordinal)));
        var kills = new List<(int All, int Express)>();
        for (var run = 0; (kills.Count < count || (untilExpressInProgress && !kills.Exists(k => k.Express > express.Before && k.Express < express.All))) && run < 24; run++)
        {
            if (await CliExport.RunKilledWhileCommittingAsync(endpoint, dir, random, chunkExecutions: 20, environment: s_cliOverlap))
            {
                kills.Add(Exported());
            }
        }
        return kills;
    }

    /// <summary>The dataset of nightly runs has the single run's rows: no Express execution left incomplete, no event twice.</summary>
    private static void AssertSameAsSingleRun(string singleDir, string nightlyDir)
    {
        using (var nightly = new Dataset(nightlyDir))
        {
            Assert.Equal(0, nightly.Scalar($"SELECT count(*) FROM {nightly.Table("executions")} WHERE history_source = 'logs' AND NOT history_complete"));
            Assert.Equal(0, nightly.Scalar($"SELECT count(*) - count(DISTINCT (execution_arn, event_id)) FROM {nightly.Table("events")}"));
        }
        AssertSameRows(singleDir, nightlyDir);
    }

    /// <summary>Table by table, the same rows (state machine snapshots aside: they are dated by run).</summary>
    private static void AssertSameRows(string expectedDir, string actualDir)
    {
        using var expectedData = new Dataset(expectedDir);
        using var actualData = new Dataset(actualDir);
        foreach (var table in SmallWorldFixture.ComparedTables.Where(t => t != "state_machines"))
        {
            var (expected, actual) = Dataset.Comparable(expectedData, actualData, table); // either side of a UTC midnight too
            Assert.True(expected.Count == actual.Count, $"{table}: {actual.Count} rows, expected {expected.Count}");
            Assert.True(expected.SequenceEqual(actual), $"{table}: rows differ from {Path.GetFileName(expectedDir)}'s");
        }
    }

    [Fact]
    public async Task The_log_crawl_holds_one_pass_of_executions_not_the_whole_window()
    {
        // A day of fraud-score's log group read in passes of 2 slices (2 h): each pass's completed executions go to the
        // writer before the next pass is read, so the crawl never holds the day's executions at once (it did: its
        // memory grew with the log group, ~10 KB per Express execution, 6 GB in the 1M world).
        using var temp = new TempFolder();
        await using var server = await EmulatorHost.StartAsync(World(FraudLogging, TestWorlds.DefaultNow));
        var job = Exporter.Create(server.Url, temp.Path, o => o.LogsSlices = 2);
        Assert.False((await job.RunAsync()).IsPartial);
        using var data = new Dataset(temp.Path);
        var logged = data.Count("executions", "history_source = 'logs' AND parent_execution_arn IS NULL");
        Assert.True(logged > 100, $"{logged} Express executions exported");
        Assert.InRange(job.LogsPeakHeld, 0, logged / 4);
    }

    [Fact]
    public async Task The_log_crawl_hands_on_each_execution_when_its_last_line_is_read_and_spills_the_Map_Run_children()
    {
        // A day of the default world with heavy Express traffic (fraud-score ×40: its hour slices take several 1 MB
        // pages; clickstream-batch's Map Runs ×10), read in passes of 16 slices (16 h): at level ALL an execution is
        // complete once its last line is read, so it leaves the crawl after that page, not at the pass's end (a pass
        // held 136,031 executions, 0.6 GB of lines, in the 1M world); clickstream-batch's EXPRESS Map Run children go
        // to a spill file until their Map Runs are fetched (all were held in memory: 1.1 GB there). All exported whole.
        var world = World(FraudLogging, TestWorlds.DefaultNow, ("\"traffic\": { \"perDay\": 300 }", "\"traffic\": { \"perDay\": 12000 }"),
            ("\"traffic\": { \"perDay\": 4 }", "\"traffic\": { \"perDay\": 40 }"));
        var truth = WorldTruth.Of(world);
        using var temp = new TempFolder();
        await using var server = await EmulatorHost.StartAsync(world);
        var job = Exporter.Create(server.Url, temp.Path, o => o.LogsSlices = 16);
        Assert.False((await job.RunAsync()).IsPartial);
        using var data = new Dataset(temp.Path);
        truth.AssertEquals(data);
        var logged = data.Count("executions", "history_source = 'logs' AND parent_execution_arn IS NULL");
        var children = data.Count("executions", "history_source = 'logs' AND map_run_arn IS NOT NULL AND history_complete");
        var lines = data.Scalar($"SELECT count(*) FROM {data.Table("events")} e JOIN {data.Table("executions")} x USING (execution_arn) WHERE x.history_source = 'logs'");
        Assert.True(logged > 8000 && children > 200, $"{logged} Express executions, {children} Map Run children exported");
        Assert.Equal(children, data.Count("executions", "execution_arn LIKE '%:express:clickstream-batch/%'"));
        output.WriteLine($"held at once: {job.LogsPeakHeld} of {logged} executions, {job.LogsPeakLinesHeld} of {lines} lines; {job.ExpressChildrenPut} children put");
        Assert.Equal(children, job.ExpressChildrenPut);
        Assert.True(job.LogsPeakHeld > 0 && job.LogsPeakHeld <= logged / 20, $"{job.LogsPeakHeld} of {logged} executions held at once");
        Assert.True(job.LogsPeakLinesHeld <= lines / 20, $"{job.LogsPeakLinesHeld} of {lines} lines held at once");
        var staging = Path.Combine(temp.Path, "_staging");
        Assert.False(Directory.Exists(staging) && Directory.EnumerateFiles(staging, "express-children-*", SearchOption.AllDirectories).Any(), "spill file left behind");
    }

    [Theory]
    [InlineData(1_000_000L, 1_000_000L + (30L * 3_600_000) + 17, 8)]
    [InlineData(1_000_000L, 1_000_000L + (8L * 3_600_000) - 1, 8)]
    [InlineData(1_000_000L, 1_000_000L + 5_000, 8)]
    [InlineData(1_000_000L, 1_000_000L + (30L * 3_600_000), 1)]
    public void A_log_window_is_read_in_contiguous_passes_of_as_many_hours_as_slices(long from, long end, int slices)
    {
        var passes = ExportJob.Passes(from, 0, end, slices);
        Assert.Equal(from, passes[0].Start);
        Assert.Equal(end, passes[^1].End);
        Assert.Equal((end - from) / (slices * 3_600_000L) + 1, passes.Count);
        for (var i = 1; i < passes.Count; i++)
        {
            Assert.Equal(passes[i - 1].End + 1, passes[i].Start);
            Assert.Equal(slices * 3_600_000L, passes[i - 1].End - passes[i - 1].Start!.Value + 1);
        }
        // A full run's window has no start: read from the state machine's creation, the first pass open.
        var full = ExportJob.Passes(null, from, end, slices);
        Assert.Null(full[0].Start);
        Assert.Equal(end, full[^1].End);
    }

    [Theory]
    [InlineData(1_000_000L, 1_000_000L + (30L * 3_600_000) + 17, 8)]
    [InlineData(1_000_000L, 1_000_000L + (3L * 3_600_000), 8)]
    [InlineData(1_000_000L, 1_000_000L + 5_000, 8)]
    [InlineData(1_000_000L, 1_000_000L + (30L * 3_600_000), 1)]
    public void A_log_window_is_cut_into_contiguous_slices_of_at_least_an_hour(long from, long end, int count)
    {
        var slices = ExportJob.Slices(from, 0, end, count);
        Assert.InRange(slices.Count, 1, count);
        Assert.Equal(from, slices[0].Start);
        Assert.Equal(end, slices[^1].End);
        for (var i = 1; i < slices.Count; i++)
        {
            Assert.Equal(slices[i - 1].End + 1, slices[i].Start);
            Assert.True(slices[i].End - slices[i].Start + 1 >= 3_600_000 || slices.Count == 1);
        }
        // A full run's window has no start: cut from the state machine's creation, the first slice open.
        var full = ExportJob.Slices(null, from, end, count);
        Assert.Null(full[0].Start);
        Assert.Equal(end, full[^1].End);
    }
}
