using Analytics.Export.Tests.Crawl;
using Analytics.Export.Tests.Support;

namespace Analytics.Export.Tests.Manifest;

/// <summary>
/// A dataset on a read-only mount (root cannot write it either): readers cannot create the manifest lock, so there is
/// no holder to wait for; they used to wait 60 s for one. Writers fail in one line instead of claiming another export.
/// </summary>
public sealed class ReadOnlyDatasetTests(SmallWorldFixture fixture) : IClassFixture<SmallWorldFixture>
{
    /// <summary>Far below the 60 s the old wait took, far above what a read of the small world takes.</summary>
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [MountFact]
    public async Task Readers_of_a_read_only_dataset_answer_at_once_and_writers_into_it_fail_in_one_line()
    {
        var source = fixture.NewDir("ro-source");
        foreach (var file in Directory.EnumerateFiles(fixture.ReferenceDir, "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(source, Path.GetRelativePath(fixture.ReferenceDir, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }
        // The locks folder is there, its manifest.lock is not (and cannot be created on the mount).
        var manifestLock = Path.Combine(source, "_manifest", "locks", "manifest.lock");
        File.Delete(manifestLock);
        long executions;
        using (var reference = new Dataset(fixture.ReferenceDir))
        {
            executions = reference.Count("executions");
        }
        var mount = fixture.NewDir("ro");
        Directory.CreateDirectory(mount);
        FullDiskTests.Run("mount", "--bind", source, mount);
        try
        {
            FullDiskTests.Run("mount", "-o", "remount,ro,bind", mount);
            Assert.False(Directory.Exists(Path.Combine(mount, "probe")) || TryCreate(Path.Combine(mount, "probe")), "the mount is writable");

            await AssertReadAsync(mount, executions);
            // With the lock file there, a reader takes its shared lock through a read handle (no write needed).
            File.Create(manifestLock).Dispose();
            await AssertReadAsync(mount, executions);

            // Writers: one line saying the dataset cannot be written (not that another export runs), exit 3.
            foreach (var writer in new[] { ["export", "--out", mount, .. CliRun.Emulator(fixture.Server.Url)], ["compact", "--out", mount], new[] { "repair", "--out", mount, "--no-fetch" } })
            {
                var run = await CliRun.RunAsync(writer).WaitAsync(Bound);
                Assert.True(run.Exit == 3, writer[0] + ": " + run.Err);
                var error = Assert.Single(run.Err.Split('\n'), line => line.StartsWith("error:", StringComparison.Ordinal));
                Assert.StartsWith($"error: cannot write to {mount}: ", error, StringComparison.Ordinal);
                Assert.DoesNotContain("   at ", run.Err, StringComparison.Ordinal);
            }
        }
        finally
        {
            FullDiskTests.Run("umount", "-l", mount);
        }
    }

    private static async Task AssertReadAsync(string mount, long executions)
    {
        var query = await CliRun.RunAsync("query", "SELECT count(*) AS n FROM executions", "--data", mount, "--format", "csv").WaitAsync(Bound);
        Assert.True(query.Exit == 0, query.Err);
        Assert.Equal(["n", executions.ToString(System.Globalization.CultureInfo.InvariantCulture)], query.Out.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries));
        var verify = await CliRun.RunAsync("verify", "--out", mount).WaitAsync(Bound);
        Assert.True(verify.Exit == 0, verify.Out + verify.Err);
    }

    private static bool TryCreate(string path)
    {
        try
        {
            Directory.CreateDirectory(path);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }
}
