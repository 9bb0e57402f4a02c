using Analytics.Export.Manifest;
using Analytics.Export.Tests.Support;
using Analytics.Query;

namespace Analytics.Export.Tests.Manifest;

/// <summary>
/// Damaged datasets (issue 15 items 7 and 8): a lost committed file, a stray copy, a truncated snapshot and a lost
/// commit record are each reported by <c>verify</c>, never duplicate or silently lose rows, and end, after
/// <c>repair</c> and a run, in the dataset of one clean export.
/// </summary>
public sealed class DatasetIntegrityTests(SmallWorldFixture fixture) : IClassFixture<SmallWorldFixture>
{
    [Fact]
    public async Task A_deleted_committed_file_is_reported_and_repair_fetches_its_executions_again()
    {
        var dir = await ExportAsync("deleted");
        var lost = DeleteOneFile(dir, "events");

        var verify = await CliRun.RunAsync("verify", "--out", dir);
        Assert.Equal(1, verify.Exit);
        Assert.Contains($"missing: {lost}", verify.Out, StringComparison.Ordinal);

        var repair = await CliRun.RunAsync(["repair", "--out", dir, .. CliRun.Emulator(fixture.Server.Url)]);
        Assert.True(repair.Exit == 0, repair.Out + repair.Err);
        Assert.Contains($"lost committed file {lost}", repair.Out, StringComparison.Ordinal);
        fixture.AssertSameAsReference(dir);
        Assert.Equal(0, (await CliRun.RunAsync("verify", "--out", dir)).Exit);
    }

    [Fact]
    public async Task A_plain_export_fetches_the_executions_of_a_deleted_committed_file_again()
    {
        var dir = await ExportAsync("deleted-export");
        DeleteOneFile(dir, "executions");

        var rerun = await Exporter.RunAsync(fixture.Server.Url, dir);
        Assert.False(rerun.IsPartial);
        Assert.True(rerun.Executions > 0, "the lost chunk's executions were fetched again");
        fixture.AssertSameAsReference(dir);
        var full = await Exporter.RunAsync(fixture.Server.Url, dir, o => o.Full = true);
        Assert.Equal(0, full.Executions);
        fixture.AssertSameAsReference(dir);
    }

    [Fact]
    public async Task A_committed_file_overwritten_by_another_is_reported_and_fetched_again()
    {
        var dir = await ExportAsync("overwritten");
        var files = Directory.EnumerateFiles(Path.Combine(dir, "executions"), "*.parquet", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        var smallest = files.MinBy(f => new FileInfo(f).Length)!;
        File.Copy(files.MaxBy(f => new FileInfo(f).Length)!, smallest, overwrite: true);

        var verify = await CliRun.RunAsync("verify", "--out", dir);
        Assert.Equal(1, verify.Exit);
        Assert.Contains("size: " + Relative(dir, smallest), verify.Out, StringComparison.Ordinal);
        Assert.False((await Exporter.RunAsync(fixture.Server.Url, dir)).IsPartial);
        fixture.AssertSameAsReference(dir);
        Assert.Equal(0, (await CliRun.RunAsync("verify", "--out", dir)).Exit);
        Assert.Equal(2, (await CliRun.RunAsync("verify", "--out", fixture.NewDir("not-a-dataset"))).Exit);
    }

    [Fact]
    public async Task A_stray_copy_is_not_read_is_reported_and_repair_quarantines_it()
    {
        var dir = await ExportAsync("stray");
        var original = Directory.EnumerateFiles(Path.Combine(dir, "executions"), "*.parquet", SearchOption.AllDirectories).Order(StringComparer.Ordinal).First();
        var before = Counts(dir);
        // One copy under a name no export writes, one under the next free name of the same chunk.
        var plainCopy = Path.Combine(Path.GetDirectoryName(original)!, "copy.parquet");
        var chunkCopy = original[..^"0.parquet".Length] + "7.parquet";
        File.Copy(original, plainCopy);
        File.Copy(original, chunkCopy);

        Assert.Equal(before, Counts(dir));
        var verify = await CliRun.RunAsync("verify", "--out", dir);
        Assert.Equal(1, verify.Exit);
        Assert.Contains("unlisted: " + Relative(dir, plainCopy), verify.Out, StringComparison.Ordinal);
        Assert.Contains("unlisted: " + Relative(dir, chunkCopy), verify.Out, StringComparison.Ordinal);
        var refused = await Assert.ThrowsAsync<ManifestDamagedException>(() => Exporter.RunAsync(fixture.Server.Url, dir));
        Assert.Contains("analytics repair", refused.Message, StringComparison.Ordinal);

        var report = DatasetStore.Repair(dir);
        Assert.Equal(new[] { Relative(dir, plainCopy), Relative(dir, chunkCopy) }.Order(StringComparer.Ordinal), report.Quarantined);
        Assert.Empty(report.Adopted);
        Assert.True(File.Exists(Path.Combine(report.Quarantine, Relative(dir, plainCopy))));
        Assert.False(File.Exists(plainCopy));
        Assert.Equal(0, (await CliRun.RunAsync("verify", "--out", dir)).Exit);
        fixture.AssertSameAsReference(dir);
        Assert.Equal(0, (await Exporter.RunAsync(fixture.Server.Url, dir)).Executions);
        fixture.AssertSameAsReference(dir);
    }

    [Fact]
    public async Task A_truncated_snapshot_is_refused_and_repair_rebuilds_it_from_the_committed_files()
    {
        var dir = await ExportAsync("snapshot", compactAt: 1);
        var snapshot = Path.Combine(dir, "_manifest", "snapshot.bin");
        Assert.True(File.Exists(snapshot));
        File.WriteAllBytes(snapshot, File.ReadAllBytes(snapshot)[..^100]);

        var export = await CliRun.RunAsync(["export", "--out", dir, .. CliRun.Emulator(fixture.Server.Url)]);
        Assert.Equal(3, export.Exit);
        var message = Assert.Single(export.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("snapshot.bin", message, StringComparison.Ordinal);
        Assert.Contains("analytics repair", message, StringComparison.Ordinal);
        fixture.AssertSameAsReference(dir); // no doubled rows
        Assert.Equal(1, (await CliRun.RunAsync("verify", "--out", dir)).Exit);

        var report = DatasetStore.Repair(dir);
        Assert.Equal(["_manifest/snapshot.bin"], report.ManifestFiles);
        Assert.NotEmpty(report.Adopted);
        Assert.Empty(report.Quarantined);
        Assert.True(File.Exists(snapshot), "the snapshot is rebuilt");
        Assert.Equal(0, (await CliRun.RunAsync("verify", "--out", dir)).Exit);

        // Every execution is known again: nothing is fetched twice, and the dataset is the clean one.
        Assert.Equal(0, (await Exporter.RunAsync(fixture.Server.Url, dir)).Executions);
        fixture.AssertSameAsReference(dir);
    }

    [Fact]
    public async Task A_snapshot_a_newer_version_wrote_is_refused_as_newer_and_repair_leaves_it_alone()
    {
        var dir = await ExportAsync("newer-snapshot", compactAt: 1);
        var snapshot = Path.Combine(dir, "_manifest", "snapshot.bin");
        var bytes = File.ReadAllBytes(snapshot);
        var version = Array.IndexOf(bytes, (byte)'\n') - 1; // "analytics-manifest-snapshot vN\n"
        bytes[version] = (byte)'9';
        File.WriteAllBytes(snapshot, bytes);

        var export = await CliRun.RunAsync(["export", "--out", dir, .. CliRun.Emulator(fixture.Server.Url)]);
        Assert.Equal(3, export.Exit);
        var message = Assert.Single(export.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("v9 is newer than this build reads", message, StringComparison.Ordinal);
        Assert.DoesNotContain("run 'analytics repair", message, StringComparison.Ordinal);
        var verify = await CliRun.RunAsync("verify", "--out", dir);
        Assert.Equal(1, verify.Exit);
        Assert.Contains("newer-manifest: _manifest/snapshot.bin", verify.Out, StringComparison.Ordinal);

        // Repair would rebuild the manifest from the files and lose the RUNNING set and watermarks: it refuses.
        var repair = await CliRun.RunAsync(["repair", "--out", dir, "--no-fetch"]);
        Assert.NotEqual(0, repair.Exit);
        Assert.Equal(bytes, File.ReadAllBytes(snapshot));
        Assert.False(Directory.Exists(Path.Combine(dir, "_quarantine")), "nothing was set aside");
    }

    [Fact]
    public async Task A_deleted_commit_record_leaves_no_duplicates_after_repair_and_a_full_run()
    {
        var dir = await ExportAsync("record", chunkExecutions: 50);
        var record = Directory.GetFiles(Path.Combine(dir, "_manifest", "commits"), "*.json").Order(StringComparer.Ordinal).ElementAt(1);
        File.Delete(record);

        await Assert.ThrowsAsync<ManifestDamagedException>(() => Exporter.RunAsync(fixture.Server.Url, dir, o => o.Full = true));
        var report = DatasetStore.Repair(dir);
        Assert.NotEmpty(report.Adopted);
        Assert.Empty(report.Quarantined);

        var full = await Exporter.RunAsync(fixture.Server.Url, dir, o => o.Full = true);
        Assert.False(full.IsPartial);
        Assert.Equal(0, full.Executions);
        fixture.AssertSameAsReference(dir);
    }

    private async Task<string> ExportAsync(string name, int chunkExecutions = 100, int compactAt = 1_000_000)
    {
        var dir = fixture.NewDir(name);
        var result = await Exporter.RunAsync(fixture.Server.Url, dir, o =>
        {
            o.ChunkExecutions = chunkExecutions;
            o.CompactManifestAt = compactAt;
            o.CompactPartitions = false; // the chunks' own files (partition compaction's lost files: PartitionCompactionTests)
        });
        Assert.False(result.IsPartial);
        return dir;
    }

    private static string DeleteOneFile(string dir, string table)
    {
        var file = Directory.EnumerateFiles(Path.Combine(dir, table), "*.parquet", SearchOption.AllDirectories).Order(StringComparer.Ordinal).First();
        File.Delete(file);
        return Relative(dir, file);
    }

    private static string Relative(string dir, string file) => Path.GetRelativePath(dir, file).Replace('\\', '/');

    /// <summary>Row counts through the query layer's views.</summary>
    private static (long Executions, long Events) Counts(string dir)
    {
        using var session = QuerySession.Open(dir);
        var table = session.Run("SELECT (SELECT count(*) FROM executions) AS e, (SELECT count(*) FROM events) AS v");
        return (table.Long(0, "e"), table.Long(0, "v"));
    }
}
