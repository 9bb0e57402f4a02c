using System.Text;
using Analytics.Export.Manifest;
using Analytics.Export.Tests.Support;

namespace Analytics.Export.Tests.Manifest;

/// <summary>Snapshot v2 (16-byte slots) is what this build writes; v1 snapshots of existing datasets still load.</summary>
public sealed class ManifestSnapshotVersionTests : IDisposable
{
    private readonly TempFolder _temp = new();

    private string Commits => Directory.CreateDirectory(Path.Combine(_temp.Path, "commits")).FullName;

    private string SnapshotFile => Path.Combine(_temp.Path, "snapshot.bin");

    public void Dispose() => _temp.Dispose();

    private static readonly byte[] s_header = """{"records":["r1-000001"],"running":[],"watermarks":{},"groupFiles":{},"commitCount":3}"""u8.ToArray();

    private static (int RedriveCount, string Chunk) Exported(int i) => (i % 17 == 0 ? 30_000 + i : i % 3, $"r1-{i % 40:D6}");

    [Fact]
    public void A_version_1_snapshot_finds_every_execution_it_found_before_and_no_other()
    {
        const int executions = 40_000;
        // As v1 wrote it: magic, header, chunk names, count, then both hashes, redrive count and chunk index per entry.
        using (var writer = new BinaryWriter(File.Create(SnapshotFile), Encoding.UTF8))
        {
            writer.Write("analytics-manifest-snapshot v1\n"u8);
            writer.Write(s_header.Length);
            writer.Write(s_header);
            writer.Write(40);
            for (var chunk = 0; chunk < 40; chunk++)
            {
                writer.Write($"r1-{chunk:D6}");
            }
            writer.Write(executions);
            for (var i = 0; i < executions; i++)
            {
                var (h1, h2) = ExportedExecutions.Hash(ExportedExecutionsTests.Arn(i));
                var (redriveCount, chunk) = Exported(i);
                writer.Write(h1);
                writer.Write(h2);
                writer.Write(redriveCount);
                writer.Write(i % 40 + 1);
            }
            writer.Write(0x454E4421u);
        }

        var state = ManifestState.Load(Commits, SnapshotFile);

        Assert.Equal(executions, state.Executions.Count);
        Assert.Equal(3, state.CommitCount);
        for (var i = 0; i < executions; i++)
        {
            Assert.Equal(Exported(i), state.Executions[ExportedExecutionsTests.Arn(i)]);
        }
        for (var i = executions; i < executions + 200_000; i++)
        {
            Assert.False(state.Executions.ContainsKey(ExportedExecutionsTests.Arn(i)));
        }
    }

    [Fact]
    public void This_build_writes_version_2_and_reads_it_back()
    {
        var state = new ManifestState();
        for (var i = 0; i < 40_000; i++)
        {
            state.Executions[ExportedExecutionsTests.Arn(i)] = Exported(i);
        }
        using (var stream = File.Create(SnapshotFile))
        {
            state.WriteSnapshot(stream, ["r1-000001"]);
        }
        Assert.StartsWith("analytics-manifest-snapshot v2\n", Encoding.ASCII.GetString(File.ReadAllBytes(SnapshotFile), 0, 31), StringComparison.Ordinal);

        var loaded = ManifestState.Load(Commits, SnapshotFile);

        Assert.Equal(40_000, loaded.Executions.Count);
        for (var i = 0; i < 40_000; i++)
        {
            Assert.Equal(Exported(i), loaded.Executions[ExportedExecutionsTests.Arn(i)]);
        }
        Assert.False(loaded.Executions.ContainsKey(ExportedExecutionsTests.Arn(40_000)));
    }

    [Fact]
    public void A_snapshot_of_a_newer_version_is_refused_as_such()
    {
        using (var writer = new BinaryWriter(File.Create(SnapshotFile), Encoding.UTF8))
        {
            writer.Write("analytics-manifest-snapshot v3\n"u8);
            writer.Write(s_header.Length);
            writer.Write(s_header);
        }

        var error = Assert.Throws<ManifestDamagedException>(() => ManifestState.Load(Commits, SnapshotFile));

        Assert.Contains("v3 is newer than this build reads", error.Message, StringComparison.Ordinal);
        Assert.True(error.NewerFormat);
        Assert.DoesNotContain("run 'analytics repair", error.Message, StringComparison.Ordinal);
    }
}
