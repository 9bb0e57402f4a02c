using System.Text.Json;
using Analytics.Export.Manifest;
using Analytics.Export.Tests.Support;

namespace Analytics.Export.Tests.Manifest;

/// <summary>The commit protocol: what is committed is applied exactly once, whatever instant a crash hits.</summary>
public sealed class DatasetStoreContractTests : IDisposable
{
    private static readonly JsonSerializerOptions s_json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };
    private readonly TempFolder _temp = new();

    private string Root => _temp.Path;

    public void Dispose() => _temp.Dispose();

    private static string Stage(DatasetStore store, string runId, int seq, string name, string content)
    {
        var path = Path.Combine(store.ChunkStagingFolder(runId, seq), name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return store.Relative(path);
    }

    private static CommitRecord Record(string runId, int seq, params FileMove[] adds)
    {
        var record = new CommitRecord { RunId = runId, Seq = seq, Shard = "all" };
        record.Adds.AddRange(adds);
        return record;
    }

    [Fact]
    public void Commit_moves_staged_files_into_place_and_records_the_state()
    {
        using (var store = DatasetStore.Open(Root, ShardSpec.All))
        {
            var staged = Stage(store, "r1", 1, "events/date=2026-11-20/r1-000001-0.parquet", "a");
            var record = Record("r1", 1, new FileMove(staged, "events/date=2026-11-20/r1-000001-0.parquet", "r1-000001"));
            record.Executions.Add(new ExportedExecution("arn:e1", 0, "r1-000001"));
            record.RunningAdded.Add(new RunningExecution("arn:e2", "arn:sm", "sfn"));
            record.Watermarks["arn:sm"] = new DateTimeOffset(2026, 11, 20, 0, 0, 0, TimeSpan.Zero);
            store.Commit(record);

            Assert.Equal("a", File.ReadAllText(Path.Combine(Root, "events/date=2026-11-20/r1-000001-0.parquet")));
            Assert.False(Directory.Exists(store.ChunkStagingFolder("r1", 1)));
        }
        using var reopened = DatasetStore.Open(Root, ShardSpec.All);
        Assert.Equal((0, "r1-000001"), reopened.State.Executions["arn:e1"]);
        Assert.True(reopened.State.Running.ContainsKey("arn:e2"));
        Assert.Single(reopened.State.Watermarks);
        Assert.Equal(["events/date=2026-11-20/r1-000001-0.parquet"], reopened.State.GroupFiles["r1-000001"]);
    }

    [Fact]
    public void Staged_files_without_a_commit_record_are_discarded_at_the_next_start()
    {
        using (var store = DatasetStore.Open(Root, ShardSpec.All))
        {
            Stage(store, "r1", 1, "events/date=2026-11-20/r1-000001-0.parquet", "a");
            // Killed here: no record was written.
        }
        using var reopened = DatasetStore.Open(Root, ShardSpec.All);
        Assert.Equal((0, 1), reopened.Recovered);
        Assert.False(Directory.Exists(Path.Combine(Root, "events")));
        Assert.Empty(Directory.EnumerateFiles(reopened.StagingFolder, "*", SearchOption.AllDirectories));
        Assert.False(reopened.State.Executions.ContainsKey("arn:e1"));
        Assert.True(reopened.State.Executions.Count == 0, "nothing was exported");
    }

    [Fact]
    public void A_committed_record_whose_files_were_not_moved_yet_is_rolled_forward()
    {
        using (var store = DatasetStore.Open(Root, ShardSpec.All))
        {
            File.WriteAllText(Path.Combine(Root, "old.parquet"), "old");
            var staged = Stage(store, "r1", 1, "events/x.parquet", "new");
            var replaced = Stage(store, "r1", 1, "replace/kept.parquet", "rewritten");
            File.WriteAllText(Path.Combine(Root, "kept.parquet"), "original");
            var record = Record("r1", 1, new FileMove(staged, "events/x.parquet", "r1-000001"));
            record.Replaces.Add(new FileMove(replaced, "kept.parquet", "r0-000001"));
            record.Removes.Add("old.parquet");
            record.Executions.Add(new ExportedExecution("arn:e1", 1, "r1-000001"));
            // Killed right after the commit point (the record's rename), before anything was applied.
            File.WriteAllBytes(Path.Combine(store.CommitsFolder, "r1-000001.json"), JsonSerializer.SerializeToUtf8Bytes(record, s_json));
        }
        using var reopened = DatasetStore.Open(Root, ShardSpec.All);
        Assert.Equal((1, 0), reopened.Recovered);
        Assert.Equal("new", File.ReadAllText(Path.Combine(Root, "events/x.parquet")));
        Assert.Equal("rewritten", File.ReadAllText(Path.Combine(Root, "kept.parquet")));
        Assert.False(File.Exists(Path.Combine(Root, "old.parquet")));
        Assert.Equal(1, reopened.State.Executions["arn:e1"].RedriveCount);
    }

    [Fact]
    public void Rolling_forward_a_partly_applied_record_finishes_it_without_touching_what_was_done()
    {
        using (var store = DatasetStore.Open(Root, ShardSpec.All))
        {
            var first = Stage(store, "r1", 1, "a.parquet", "A");
            var second = Stage(store, "r1", 1, "b.parquet", "B");
            var record = Record("r1", 1, new FileMove(first, "t/a.parquet", "g"), new FileMove(second, "t/b.parquet", "g"));
            File.WriteAllBytes(Path.Combine(store.CommitsFolder, "r1-000001.json"), JsonSerializer.SerializeToUtf8Bytes(record, s_json));
            // Killed after the first move.
            Directory.CreateDirectory(Path.Combine(Root, "t"));
            File.Move(Path.Combine(Root, first), Path.Combine(Root, "t/a.parquet"));
        }
        using var reopened = DatasetStore.Open(Root, ShardSpec.All);
        Assert.Equal("A", File.ReadAllText(Path.Combine(Root, "t/a.parquet")));
        Assert.Equal("B", File.ReadAllText(Path.Combine(Root, "t/b.parquet")));
        Assert.Equal(2, reopened.State.GroupFiles["g"].Count);
    }

    [Fact]
    public void Later_records_override_earlier_ones_when_folded()
    {
        using (var store = DatasetStore.Open(Root, ShardSpec.All))
        {
            var first = Record("r1", 1);
            first.Executions.Add(new ExportedExecution("arn:e1", 0, "r1-000001"));
            first.RunningAdded.Add(new RunningExecution("arn:e2", "arn:sm", "sfn"));
            store.Commit(first);
            var second = Record("r2", 1);
            second.Executions.Add(new ExportedExecution("arn:e1", 1, "r2-000001"));
            second.Executions.Add(new ExportedExecution("arn:e2", 0, "r2-000001"));
            store.Commit(second);
        }
        using var reopened = DatasetStore.Open(Root, ShardSpec.All);
        Assert.Equal((1, "r2-000001"), reopened.State.Executions["arn:e1"]);
        Assert.Empty(reopened.State.Running);
        Assert.Equal(2, reopened.State.CommitCount);
    }

    [Fact]
    public void Each_shard_has_its_own_lock_and_staging_so_shards_can_share_a_dataset()
    {
        var zero = ShardSpec.Parse("0/2");
        using var first = DatasetStore.Open(Root, zero);
        Assert.Throws<ExportConflictException>(() => DatasetStore.Open(Root, zero));
        Stage(first, "r1", 1, "x.parquet", "in progress");
        using var other = DatasetStore.Open(Root, ShardSpec.Parse("1/2"));
        // The other shard's recovery leaves shard 0's work in progress alone.
        Assert.True(File.Exists(Path.Combine(first.ChunkStagingFolder("r1", 1), "x.parquet")));
        Assert.NotEqual(first.StagingFolder, other.StagingFolder);
    }

    [Fact]
    public async Task A_shard_does_not_take_another_shards_probe_of_a_layout_lock_for_a_run_of_that_layout()
    {
        // An unsharded run has finished (its layout lock file stays); both shards of a new layout start together and
        // each probes that file exclusively. One shard, preempted while its probe held the file, made the other refuse
        // as if an unsharded export were running (seen in CI: SnapshotRowsTests' two shards started side by side).
        // Here the other shard's probe holds the file, under the probe lock as a probe does, for as long as the test
        // likes: this shard waits its turn, neither refused nor through, and then takes its lock.
        var locks = Path.Combine(Root, "locks");
        Directory.CreateDirectory(locks);
        var unsharded = Path.Combine(locks, "layout-1.lock");
        File.WriteAllBytes(unsharded, []);
        Task<FileStream> taking;
        using (new FileStream(Path.Combine(locks, "probe-layouts.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        using (new FileStream(unsharded, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
        {
            // Its own thread, not the pool's: the wait below is the probe's length, not a pool starved by parallel tests.
            taking = Task.Factory.StartNew(() => DatasetStore.TakeLayoutLock(locks, ShardSpec.Parse("0/2"), Root), CancellationToken.None,
                TaskCreationOptions.LongRunning, TaskScheduler.Default);
            // A shard that probed regardless would have refused (or taken the lock) by now; one that waits is still waiting.
            Assert.False(await Task.WhenAny(taking, Task.Delay(500)) == taking, "the shard refused or went on while another was probing");
        }
        (await taking).Dispose();

        // A run of that layout holds its lock for the whole run: that is still found.
        using (new FileStream(unsharded, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
        {
            Assert.Throws<ExportConflictException>(() => DatasetStore.TakeLayoutLock(locks, ShardSpec.Parse("0/2"), Root));
        }
    }

    [Fact]
    public void Shards_partition_any_set_of_arns_completely_and_disjointly()
    {
        var arns = Enumerable.Range(0, 1000).Select(i => $"arn:aws:states:us-east-1:123456789012:stateMachine:m{i}").ToList();
        var shards = Enumerable.Range(0, 3).Select(k => new ShardSpec(k, 3)).ToList();
        foreach (var arn in arns)
        {
            Assert.Equal(1, shards.Count(s => s.Owns(arn)));
        }
        Assert.All(shards, s => Assert.InRange(arns.Count(s.Owns), 250, 420));
        Assert.Throws<System.ComponentModel.DataAnnotations.ValidationException>(() => ShardSpec.Parse("2/2"));
    }
}
