using System.Diagnostics;
using Analytics.Aws.Retry;
using Analytics.Emulator.Http;
using Analytics.Export.Tests.Support;

namespace Analytics.Export.Tests.Crawl;

/// <summary>Kills, faults, expiring tokens and shards all end in the dataset of one clean export.</summary>
public sealed class ExportReliabilityTests(SmallWorldFixture fixture) : IClassFixture<SmallWorldFixture>
{
    [Fact]
    public async Task Export_resumes_after_kill_without_duplicates_or_losses()
    {
        var random = new Random(20261121);
        var clean = Stopwatch.StartNew();
        var warmDir = fixture.NewDir("clean-cli");
        Assert.Equal(0, await CliExport.RunAsync(fixture.Server.Url, warmDir, chunkExecutions: 20));
        var duration = clean.Elapsed;
        fixture.AssertSameAsReference(warmDir);

        var kills = 0;
        for (var attempt = 0; kills < 10 && attempt < 40; attempt++)
        {
            var dir = fixture.NewDir("killed");
            var delay = TimeSpan.FromMilliseconds(150 + (random.NextDouble() * 0.6 * duration.TotalMilliseconds));
            var started = Stopwatch.StartNew();
            using (var process = CliExport.Start(fixture.Server.Url, dir, chunkExecutions: 20))
            {
                await Task.WhenAny(process.WaitForExitAsync(), Task.Delay(delay));
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true); // SIGKILL on Unix
                    kills++;
                }
                else
                {
                    // The run beat the kill: draw later moments from the runs' real length (a quiet machine is faster
                    // than the warm-up run suggested), so the kills keep landing inside the export.
                    duration = TimeSpan.FromTicks(Math.Min(duration.Ticks, started.Elapsed.Ticks));
                }
                await process.WaitForExitAsync();
            }
            // The completing run need not be a child process: only the killed one must die by SIGKILL.
            Assert.False((await Exporter.RunAsync(fixture.Server.Url, dir)).IsPartial);
            fixture.AssertSameAsReference(dir);
        }
        Assert.Equal(10, kills);
    }

    [Fact]
    public async Task Runs_killed_around_manifest_compaction_keep_the_dataset_and_every_exported_execution()
    {
        var dir = fixture.NewDir("compaction");
        // Many small chunks, none folded yet.
        Assert.Equal(0, await CliExport.RunAsync(fixture.Server.Url, dir, chunkExecutions: 20, compactManifestAt: 1_000_000));
        var commits = Path.Combine(dir, "_manifest", "commits");
        Assert.True(Directory.GetFiles(commits).Length > 10);

        // Each run compacts as it opens the dataset and again as it finishes; kill them at random moments around that.
        var random = new Random(20261122);
        for (var i = 0; i < 6; i++)
        {
            using var process = CliExport.Start(fixture.Server.Url, dir, chunkExecutions: 20, compactManifestAt: 2);
            await Task.WhenAny(process.WaitForExitAsync(), Task.Delay(TimeSpan.FromMilliseconds(300 + random.Next(1500))));
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
            await process.WaitForExitAsync();
            // A killed run may leave staged files: the next run clears them (checked after the last run below).
            fixture.AssertSameAsReference(dir, stagedFilesMayRemain: true);
        }

        // The snapshot still knows every exported execution: nothing is fetched again.
        var last = await Exporter.RunAsync(fixture.Server.Url, dir, o => o.CompactManifestAt = 2);
        Assert.Equal(0, last.Executions);
        fixture.AssertSameAsReference(dir);
        Assert.True(File.Exists(Path.Combine(dir, "_manifest", "snapshot.bin")));
        Assert.True(Directory.GetFiles(commits).Length < 2, "the records were folded into the snapshot");
    }

    [Fact]
    public async Task A_cancelled_export_commits_what_it_staged_and_the_next_run_completes_the_dataset()
    {
        var dir = fixture.NewDir("cancelled");
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(1500));
        try
        {
            await Exporter.RunAsync(fixture.Server.Url, dir, o => o.ChunkExecutions = 10, cancel.Token);
        }
        catch (OperationCanceledException)
        {
            // Expected unless the run was faster than the cancellation.
        }
        var completing = await Exporter.RunAsync(fixture.Server.Url, dir);
        Assert.False(completing.IsPartial);
        fixture.AssertSameAsReference(dir);
    }

    [Fact]
    public async Task Export_through_throttling_errors_resets_and_truncation_gives_the_same_dataset()
    {
        await using var faulty = await EmulatorHost.StartAsync(fixture.World, new EmulatorOptions
        {
            Port = 0,
            Seed = 5,
            ThrottleRate = 0.3,
            ErrorRate = 0.05,
            ResetRate = 0.01,
            TruncateRate = 0.01,
        });
        var dir = fixture.NewDir("faults");
        // 37 % of attempts fail, and which attempts meet the faults depends on how the 8 fetchers interleave: with the
        // usual 12 attempts a call failed for good once in ~200 runs (measured: 5, 3, 3, 1, 0 failed executions with 5,
        // 6, 6, 7, 7 attempts, ~800 x 0.37^attempts), and the run was partial. 30 attempts: ~1e-10 a run.
        var retry = new RetryOptions
        {
            MaxAttempts = 30, QuotaCapacity = 1_000_000, BaseDelay = TimeSpan.FromMilliseconds(5), ThrottlingBaseDelay = TimeSpan.FromMilliseconds(20),
            MaxBackoff = TimeSpan.FromMilliseconds(200),
        };
        var result = await Exporter.Create(faulty.Url, dir, retry: retry).RunAsync();
        Assert.False(result.IsPartial);
        Assert.True(result.Throttled > 0 && result.Retries > 0);
        fixture.AssertSameAsReference(dir);
    }

    [Fact]
    public async Task Export_with_expiring_pagination_tokens_gives_the_same_dataset()
    {
        // The emulator reads its clock only to issue and check tokens (~80 reads in this run): the leaps at reads 40 and
        // 41 expire a token in flight mid-run whatever the interleaving (one leap every 60th read could land on an encode
        // with no other token in flight, and CI once saw no restart at all).
        var clock = new LeapingClock(atRead: 40, leap: TimeSpan.FromHours(25));
        await using var expiring = await EmulatorHost.StartAsync(fixture.World, new EmulatorOptions { Port = 0, Clock = clock });
        var dir = fixture.NewDir("tokens");
        // Small pages: many listings and histories span several pages, so tokens are in flight all the time.
        var result = await Exporter.RunAsync(expiring.Url, dir, o => o.PageSize = 50);
        Assert.False(result.IsPartial);
        Assert.True(result.PaginationRestarts > 0);
        fixture.AssertSameAsReference(dir);
    }

    [Fact]
    public async Task Two_shards_writing_one_dataset_equal_the_unsharded_export()
    {
        var dir = fixture.NewDir("shards");
        var results = await Task.WhenAll(
            Exporter.RunAsync(fixture.Server.Url, dir, o => o.Shard = "0/2"),
            Exporter.RunAsync(fixture.Server.Url, dir, o => o.Shard = "1/2"));
        Assert.All(results, r => Assert.True(r.Executions > 0));
        fixture.AssertSameAsReference(dir);
    }

    [Fact]
    public async Task A_history_the_flattener_rejects_is_quarantined_and_everything_else_is_exported()
    {
        var broken = fixture.World.ListExecutions(fixture.World.StateMachines.First(m => m.Type == "STANDARD").StateMachineArn)[3];
        Assert.NotEqual("RUNNING", broken.Status);
        await using var server = await EmulatorHost.StartAsync(new BrokenHistoryWorld(fixture.World, broken.ExecutionArn));
        var dir = fixture.NewDir("quarantine");
        var job = Exporter.Create(server.Url, dir);
        var result = await job.RunAsync();

        Assert.True(result.IsPartial);
        Assert.Equal(1, result.Quarantined);
        // The progress total is what was scheduled (not RUNNING or skipped ones), and the quarantined one is done too.
        var progress = job.Progress();
        Assert.Equal(result.Executions + 1, progress.Listed);
        Assert.Equal(progress.Listed, progress.Fetched);
        Assert.Equal(progress.Listed, progress.Committed);
        var reason = Directory.EnumerateFiles(Path.Combine(dir, "_quarantine"), "reason.txt", SearchOption.AllDirectories).Single();
        Assert.Contains(broken.ExecutionArn, File.ReadAllText(reason), StringComparison.Ordinal);
        Assert.NotEmpty(Directory.EnumerateFiles(Path.GetDirectoryName(reason)!, "page-*.json"));
        using var reference = new Dataset(fixture.ReferenceDir);
        using var data = new Dataset(dir);
        var excluded = $"execution_arn <> '{broken.ExecutionArn}' AND coalesce(parent_execution_arn, '') <> '{broken.ExecutionArn}'";
        Assert.Equal(0, data.Count("executions", $"execution_arn = '{broken.ExecutionArn}'"));
        Assert.Equal(reference.Count("executions", excluded), data.Count("executions"));
        Assert.Equal(reference.Count("events", $"execution_arn <> '{broken.ExecutionArn}'"), data.Count("events"));
    }

    [Fact]
    public async Task A_snapshot_call_that_fails_costs_only_its_resource_and_the_next_run_fills_it_in()
    {
        var denied = fixture.World.StateMachines.First(m => m.Type == "STANDARD" && fixture.World.ListExecutions(m.StateMachineArn).Count > 0);
        var deniedFunction = fixture.World.Functions.First(f => f.DurableConfig is null && f.EventInvokeConfigs.Count > 0);
        var dir = fixture.NewDir("snapshot-denied");
        await using (var server = await EmulatorHost.StartAsync(new DenyingWorld(fixture.World, denied.StateMachineArn, deniedFunction.FunctionName)))
        {
            var result = await Exporter.RunAsync(server.Url, dir);

            Assert.True(result.IsPartial);
            Assert.Equal(2, result.Failures);
            using var reference = new Dataset(fixture.ReferenceDir);
            using var data = new Dataset(dir);
            var others = $"state_machine_arn <> '{denied.StateMachineArn}' AND coalesce(parent_execution_arn, '') NOT IN "
                + $"(SELECT execution_arn FROM read_parquet('{fixture.ReferenceDir}/executions/**/*.parquet', hive_partitioning = true) WHERE state_machine_arn = '{denied.StateMachineArn}')";
            Assert.Equal(reference.Count("executions", others), data.Count("executions"));
            Assert.Equal(0, data.Count("state_machines", $"state_machine_arn = '{denied.StateMachineArn}'"));
            Assert.Equal(reference.Count("state_machines") - 1, data.Count("state_machines"));
            Assert.Equal(0, data.Count("functions", $"function_name = '{deniedFunction.FunctionName}'"));
            Assert.Equal(reference.Count("durable_executions"), data.Count("durable_executions"));
            Assert.Equal(2, data.Scalar("SELECT max(failures) FROM " + data.Table("export_runs")));
        }

        // Permissions fixed: the next run exports what the failed calls held back, and nothing twice.
        Assert.False((await Exporter.RunAsync(fixture.Server.Url, dir)).IsPartial);
        fixture.AssertSameAsReference(dir);
    }

    [Fact]
    public async Task A_run_of_another_shard_layout_is_refused_while_one_is_live_and_the_same_layout_is_not()
    {
        var dir = fixture.NewDir("layouts");
        using (Analytics.Export.Manifest.DatasetStore.Open(dir, ShardSpec.All))
        {
            // An unsharded run is live: a sharded one would overlap it (the 3,088 duplicated executions).
            var refused = await Assert.ThrowsAsync<Analytics.Export.Manifest.ExportConflictException>(
                () => Exporter.RunAsync(fixture.Server.Url, dir, o => o.Shard = "0/2"));
            Assert.Contains("an unsharded export is running", refused.Message, StringComparison.Ordinal);
        }
        using (Analytics.Export.Manifest.DatasetStore.Open(dir, ShardSpec.Parse("0/2")))
        {
            var refused = await Assert.ThrowsAsync<Analytics.Export.Manifest.ExportConflictException>(() => Exporter.RunAsync(fixture.Server.Url, dir));
            Assert.Contains("sharded 2 ways", refused.Message, StringComparison.Ordinal);
            // The other shard of the same layout proceeds beside it.
            Assert.False((await Exporter.RunAsync(fixture.Server.Url, dir, o => o.Shard = "1/2")).IsPartial);
        }
        Assert.False((await Exporter.RunAsync(fixture.Server.Url, dir, o => o.Shard = "0/2")).IsPartial);
        fixture.AssertSameAsReference(dir);
    }

    [Fact]
    public async Task Two_runs_of_one_shard_exit_2_naming_the_held_lock()
    {
        var dir = fixture.NewDir("same-shard");
        using (Analytics.Export.Manifest.DatasetStore.Open(dir, ShardSpec.All))
        {
            var exit = await CliExport.RunAsync(fixture.Server.Url, dir, chunkExecutions: 20);
            Assert.Equal(2, exit);
        }
    }

    [Fact]
    public async Task While_an_export_process_runs_a_second_one_of_the_same_shard_or_another_layout_exits_2_and_the_first_completes()
    {
        // One execution's history is held until the second runs were refused: the first export cannot end before then,
        // however long a loaded machine takes to start them (a 150 ms delay on every response only made that likely).
        using var held = new HeldHistoryWorld(fixture.World, HeldHistoryWorld.Leaf(fixture.World));
        await using var server = await EmulatorHost.StartAsync(held);
        var dir = fixture.NewDir("concurrent");
        var started = new TaskCompletionSource();
        using var first = CliExport.Start(server.Url, dir, chunkExecutions: 20, onOutput: line =>
        {
            if (line.Contains("export ", StringComparison.Ordinal) && line.Contains(" into ", StringComparison.Ordinal))
            {
                started.TrySetResult(); // logged once the dataset's locks are held
            }
        });
        await started.Task.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2, await CliExport.RunAsync(fixture.Server.Url, dir, chunkExecutions: 20));
        Assert.Equal(2, await CliExport.RunAsync(fixture.Server.Url, dir, chunkExecutions: 20, extraArgs: ["--shard", "0/2"]));
        Assert.False(first.HasExited, "the first export ended before the second ones were refused: the test proved nothing");
        held.Release();

        await first.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));
        Assert.Equal(0, first.ExitCode);
        fixture.AssertSameAsReference(dir);
    }
}
