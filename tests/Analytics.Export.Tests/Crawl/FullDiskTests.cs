using System.Diagnostics;
using Analytics.Export.Tests.Support;

namespace Analytics.Export.Tests.Crawl;

/// <summary>A fact that needs to mount a small tmpfs (root, as on CI); says so when it cannot run.</summary>
public sealed class MountFactAttribute : FactAttribute
{
    public MountFactAttribute()
    {
        if (Environment.UserName != "root" || !File.Exists("/bin/mount"))
        {
            Skip = "mounting a small tmpfs to fill a disk needs root (CI runs as root)";
        }
    }
}

/// <summary>A disk that fills up mid-export: one clear line, exit 3, and a dataset the next run completes.</summary>
public sealed class FullDiskTests(SmallWorldFixture fixture) : IClassFixture<SmallWorldFixture>
{
    [MountFact]
    public async Task A_full_disk_is_named_in_one_line_with_exit_3_and_the_dataset_stays_consistent()
    {
        var referenceBytes = Directory.EnumerateFiles(fixture.ReferenceDir, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
        var mountPoint = fixture.NewDir("full-disk");
        Directory.CreateDirectory(mountPoint);
        // Room for about a third of the dataset: the export gets going, commits, then meets the full disk.
        Run("mount", "-t", "tmpfs", "-o", $"size={Math.Max(64 * 1024, referenceBytes / 3)}", "tmpfs", mountPoint);
        try
        {
            var dir = Path.Combine(mountPoint, "data");
            var output = new List<string>();
            using (var process = CliExport.Start(fixture.Server.Url, dir, chunkExecutions: 20, onOutput: line =>
            {
                lock (output)
                {
                    output.Add(line);
                }
            }))
            {
                await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));
                Assert.Equal(3, process.ExitCode);
            }
            lock (output)
            {
                var error = Assert.Single(output, line => line.StartsWith("error:", StringComparison.Ordinal));
                Assert.Equal($"error: no space left on {dir}: free some space there and run the export again (it continues from its last commit)", error);
                Assert.DoesNotContain(output, line => line.Contains("Out of Memory", StringComparison.Ordinal) || line.Contains("   at ", StringComparison.Ordinal));
            }

            // Room again: the next run completes the dataset, with nothing duplicated by the failed one.
            Run("mount", "-o", $"remount,size={referenceBytes * 20}", mountPoint);
            Assert.False((await Exporter.RunAsync(fixture.Server.Url, dir)).IsPartial);
            fixture.AssertSameAsReference(dir);
        }
        finally
        {
            Run("umount", "-l", mountPoint);
        }
    }

    internal static void Run(string command, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(command, args) { RedirectStandardError = true })!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{command} {string.Join(' ', args)}: {error}");
    }
}
