using System.Globalization;
using System.Text.Json;
using Analytics.Export.Manifest;
using Analytics.Export.Tests.Support;

namespace Analytics.Export.Tests.Manifest;

/// <summary>Folding commit records into the snapshot: the same state afterwards, whatever instant a crash hits.</summary>
[Collection(nameof(CompactionHook))]
public sealed class ManifestCompactionTests : IDisposable
{
    private readonly TempFolder _temp = new();

    private string Root => _temp.Path;

    public void Dispose()
    {
        DatasetStore.CompactionStep = null;
        DatasetStore.ManifestLockBusy = null;
        _temp.Dispose();
    }

    /// <summary>Six chunks of two runs: files added and removed, executions re-exported, RUNNING added and closed.</summary>
    private static void CommitHistory(DatasetStore store, string run, int chunks)
    {
        for (var seq = 1; seq <= chunks; seq++)
        {
            var chunk = DatasetStore.CommitName(run, seq);
            var record = new CommitRecord { RunId = run, Seq = seq, Shard = "all" };
            var staged = Path.Combine(store.ChunkStagingFolder(run, seq), "f.parquet");
            Directory.CreateDirectory(Path.GetDirectoryName(staged)!);
            File.WriteAllText(staged, chunk);
            record.Adds.Add(new FileMove(store.Relative(staged), $"events/date=2026-11-2{seq}/{chunk}-0.parquet", chunk));
            record.Executions.Add(new ExportedExecution($"arn:{run}:{seq}", 0, chunk));
            record.Executions.Add(new ExportedExecution("arn:redriven", seq, chunk));
            record.RunningAdded.Add(new RunningExecution($"arn:running:{run}:{seq}", "arn:sm", "sfn"));
            record.RunningRemoved.Add($"arn:running:{run}:{seq - 1}");
            if (seq > 1)
            {
                record.Removes.Add($"events/date=2026-11-2{seq - 1}/{DatasetStore.CommitName(run, seq - 1)}-0.parquet");
            }
            record.Watermarks["arn:sm"] = new DateTimeOffset(2026, 11, 20, seq, 0, 0, TimeSpan.Zero);
            store.Commit(record);
        }
    }

    /// <summary>Everything a run reads from the state, as comparable text.</summary>
    private static string Describe(ManifestState state)
    {
        var executions = new[] { "arn:r1:1", "arn:r1:3", "arn:r2:2", "arn:redriven", "arn:never" }
            .Select(a => state.Executions.TryGetValue(a, out var e) ? $"{a}={e.RedriveCount}@{e.Chunk}" : $"{a}=-");
        return string.Join("\n", [
            $"count={state.Executions.Count} commits={state.CommitCount}",
            string.Join(",", executions),
            string.Join(",", state.Running.Keys.Order(StringComparer.Ordinal)),
            string.Join(",", state.Watermarks.Select(kv => kv.Key + "=" + kv.Value.ToString("O", CultureInfo.InvariantCulture))),
            string.Join(",", state.GroupFiles.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Key + ":" + string.Join("+", kv.Value))),
        ]);
    }

    private string Records() => string.Join(",", Directory.EnumerateFiles(Path.Combine(Root, "_manifest", "commits")).Select(Path.GetFileName).Order(StringComparer.Ordinal));

    [Fact]
    public void Compaction_folds_the_records_into_a_snapshot_that_loads_the_same_state()
    {
        string before;
        using (var store = DatasetStore.Open(Root, ShardSpec.All))
        {
            CommitHistory(store, "r1", 6);
            before = Describe(store.State);
            Assert.False(store.TryCompact(minRecords: 7));
            Assert.True(store.TryCompact(minRecords: 6));
            Assert.Equal("", Records());
        }
        using (var store = DatasetStore.Open(Root, ShardSpec.All))
        {
            Assert.Equal(before, Describe(store.State));
            // Records committed after a compaction fold on top of the snapshot, and compact again.
            CommitHistory(store, "r2", 3);
            before = Describe(store.State);
        }
        using (var store = DatasetStore.Open(Root, ShardSpec.All))
        {
            Assert.Equal(before, Describe(store.State));
            Assert.True(store.TryCompact(minRecords: 1));
        }
        using var reopened = DatasetStore.Open(Root, ShardSpec.All);
        Assert.Equal(before, Describe(reopened.State));
        Assert.Equal((0, "r1-000001"), reopened.State.Executions["arn:r1:1"]);
        Assert.Equal((3, "r2-000003"), reopened.State.Executions["arn:redriven"]);
    }

    [Theory]
    [InlineData("snapshot-written")]
    [InlineData("snapshot-renamed")]
    [InlineData("records-half-deleted")]
    public void A_crash_at_any_step_of_compaction_leaves_the_same_state_and_the_next_run_finishes_it(string crashAt)
    {
        string before;
        using (var store = DatasetStore.Open(Root, ShardSpec.All))
        {
            CommitHistory(store, "r1", 6);
            before = Describe(store.State);
            if (crashAt == "records-half-deleted")
            {
                // Killed while deleting the folded records: some are left beside the snapshot that holds them.
                var kept = Path.Combine(_temp.Path, "kept");
                Directory.CreateDirectory(kept);
                foreach (var file in Directory.EnumerateFiles(store.CommitsFolder).Take(3))
                {
                    File.Copy(file, Path.Combine(kept, Path.GetFileName(file)));
                }
                Assert.True(store.TryCompact(minRecords: 1));
                foreach (var file in Directory.EnumerateFiles(kept))
                {
                    File.Copy(file, Path.Combine(store.CommitsFolder, Path.GetFileName(file)));
                }
            }
            else
            {
                DatasetStore.CompactionStep = step => { if (step == crashAt) throw new IOException("killed"); };
                Assert.Throws<IOException>(() => store.TryCompact(minRecords: 1));
                DatasetStore.CompactionStep = null;
            }
        }
        using (var store = DatasetStore.Open(Root, ShardSpec.All))
        {
            Assert.Equal(before, Describe(store.State));
            Assert.True(store.TryCompact(minRecords: 1));
            Assert.Equal("", Records());
        }
        using var reopened = DatasetStore.Open(Root, ShardSpec.All);
        Assert.Equal(before, Describe(reopened.State));
    }

    [Fact]
    public void Compaction_waits_while_a_chunk_is_staged_or_another_process_reads_the_manifest()
    {
        using var store = DatasetStore.Open(Root, ShardSpec.All);
        CommitHistory(store, "r1", 3);
        Directory.CreateDirectory(store.ChunkStagingFolder("r9", 1));
        Assert.False(store.TryCompact(minRecords: 1));
        Directory.Delete(store.ChunkStagingFolder("r9", 1));

        // A loading process holds the manifest lock shared.
        using (new FileStream(Path.Combine(Root, "_manifest", "locks", "manifest.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite))
        {
            Assert.False(store.TryCompact(minRecords: 1));
        }
        Assert.True(store.TryCompact(minRecords: 1));
    }

    [Fact]
    public void A_dataset_copied_without_its_locks_folder_loads_at_once_under_the_manifest_lock()
    {
        using (var store = DatasetStore.Open(Root, ShardSpec.All))
        {
            CommitHistory(store, "r1", 2);
        }
        // What a sync from S3 gives: no empty folders. It used to wait 600 x 100 ms for a lock nobody held.
        Directory.Delete(Path.Combine(Root, "_manifest", "locks"), recursive: true);
        DatasetStore.ManifestLockBusy = _ => throw new InvalidOperationException("waited for the manifest lock");

        var state = DatasetStore.LoadCommittedFiles(Root);

        Assert.Equal(["events/date=2026-11-22/r1-000002-0.parquet"], state!.Files.Keys);
        Assert.True(File.Exists(Path.Combine(Root, "_manifest", "locks", "manifest.lock")));
    }

    [Fact]
    public void Loading_waits_while_a_compaction_holds_the_manifest_lock()
    {
        using (var store = DatasetStore.Open(Root, ShardSpec.All))
        {
            CommitHistory(store, "r1", 1);
        }
        var compaction = new FileStream(Path.Combine(Root, "_manifest", "locks", "manifest.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        var waits = 0;
        DatasetStore.ManifestLockBusy = _ =>
        {
            waits++;
            compaction.Dispose();
        };

        var state = DatasetStore.LoadCommittedFiles(Root);

        Assert.Equal(1, waits);
        Assert.Single(state!.Files);
    }

    [Fact]
    public void A_files_only_load_takes_the_same_files_and_stats_as_a_full_load()
    {
        using (var store = DatasetStore.Open(Root, ShardSpec.All))
        {
            CommitFilesWithStats(store, "r1", 4);
            Assert.True(store.TryCompact(minRecords: 1));
            // Records after the snapshot fold on top of it, one of them removing a file the snapshot lists.
            CommitFilesWithStats(store, "r2", 2);
        }
        using var full = DatasetStore.Open(Root, ShardSpec.All);

        var filesOnly = DatasetStore.LoadCommittedFiles(Root)!;

        Assert.Equal(Files(full.State), Files(filesOnly));
        Assert.Equal(full.State.CommitCount, filesOnly.CommitCount);
        Assert.Equal(full.State.RecordNames.Order(StringComparer.Ordinal), filesOnly.RecordNames.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_files_only_load_finds_the_files_in_a_header_of_any_member_order()
    {
        // The writer puts records, groupFiles and fileStats before the merges; a header in another order (members
        // this build does not know among them) is read whole.
        Directory.CreateDirectory(Path.Combine(Root, "_manifest", "commits"));
        var header = """
            {"merged":{"g":["a","b"]},"fileStats":{"t/date=2026-11-20/x.parquet":{"bytes":3,"rows":2,"accountRegion":true}},
             "future":{"nested":[1,{"a":null},"s"]},"running":[],"groupFiles":{"g":["t/date=2026-11-20/x.parquet"]},
             "commitCount":7,"records":["r-000001"]}
            """u8.ToArray();
        using (var stream = File.Create(Path.Combine(Root, "_manifest", "snapshot.bin")))
        using (var writer = new BinaryWriter(stream))
        {
            writer.Write("analytics-manifest-snapshot v1\n"u8);
            writer.Write(header.Length);
            writer.Write(header);
        }
        // A record the snapshot folds is not applied again.
        var folded = new CommitRecord { RunId = "r", Seq = 1, Shard = "all" };
        folded.Adds.Add(new FileMove("s", "t/date=2026-11-20/y.parquet", "r-000001"));
        File.WriteAllText(Path.Combine(Root, "_manifest", "commits", "r-000001.json"), JsonSerializer.Serialize(folded, ManifestState.JsonOptions));

        var state = DatasetStore.LoadCommittedFiles(Root)!;

        Assert.Equal(["t/date=2026-11-20/x.parquet=g " + new FileStat(3, 2, true)], Files(state));
        Assert.Equal(7, state.CommitCount);
    }

    /// <summary>Chunks of one file each, with the size, row count and account/region fact a commit keeps.</summary>
    private static void CommitFilesWithStats(DatasetStore store, string run, int chunks)
    {
        for (var seq = 1; seq <= chunks; seq++)
        {
            var chunk = DatasetStore.CommitName(run, seq);
            var record = new CommitRecord { RunId = run, Seq = seq, Shard = "all" };
            foreach (var table in new[] { "events", "executions" })
            {
                var staged = Path.Combine(store.ChunkStagingFolder(run, seq), table + ".parquet");
                Directory.CreateDirectory(Path.GetDirectoryName(staged)!);
                File.WriteAllText(staged, chunk + table);
                record.Adds.Add(new FileMove(store.Relative(staged), $"{table}/date=2026-11-2{seq}/{chunk}-0.parquet", chunk,
                    new FileInfo(staged).Length, seq, AccountRegion: seq % 2 == 0));
            }
            if (seq == 1 && run == "r2")
            {
                record.Removes.Add($"events/date=2026-11-21/{DatasetStore.CommitName("r1", 1)}-0.parquet");
            }
            store.Commit(record);
        }
    }

    private static List<string> Files(ManifestState state) =>
        state.Files.Select(f => $"{f.Key}={f.Value}" + (state.FileStats.TryGetValue(f.Key, out var s) ? $" {s}" : ""))
            .Order(StringComparer.Ordinal).ToList();

    [Fact]
    public void A_damaged_snapshot_is_reported_not_ignored()
    {
        using (var store = DatasetStore.Open(Root, ShardSpec.All))
        {
            CommitHistory(store, "r1", 2);
            Assert.True(store.TryCompact(minRecords: 1));
        }
        var snapshot = Path.Combine(Root, "_manifest", "snapshot.bin");
        var bytes = File.ReadAllBytes(snapshot);
        File.WriteAllBytes(snapshot, bytes[..^10]);
        var error = Assert.Throws<ManifestDamagedException>(() => DatasetStore.Open(Root, ShardSpec.All));
        Assert.Contains("snapshot", error.Message, StringComparison.Ordinal);
        Assert.Contains("analytics repair", error.Message, StringComparison.Ordinal);
    }
}

/// <summary>Tests that set <see cref="DatasetStore.CompactionStep"/> or <see cref="DatasetStore.ManifestLockBusy"/> (static hooks) never run in parallel.</summary>
[CollectionDefinition(nameof(CompactionHook), DisableParallelization = true)]
public sealed class CompactionHook;
