using System.Diagnostics;
using Analytics.Emulator.Http;
using Analytics.Export.Tests.Support;

namespace Analytics.Export.Tests.Crawl;

/// <summary>A plain `export` stopped by SIGTERM or SIGINT does what `serve` does: it commits what it staged and exits 1.</summary>
public sealed class ExportSignalTests(SmallWorldFixture fixture) : IClassFixture<SmallWorldFixture>
{
    [Theory]
    [InlineData("TERM")]
    [InlineData("INT")]
    public async Task Export_stopped_by_a_signal_commits_what_it_staged_and_the_next_run_completes_it(string signal)
    {
        var dir = fixture.NewDir("signal-" + signal);
        var firstCommit = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new List<string>();
        // A real-time delay on every response keeps the run going for seconds after its first commit however fast the
        // export is, so the signal always meets a running crawl (without it the rest of the run could end before the
        // signal arrived, and the run exited 0).
        await using var slow = await EmulatorHost.StartAsync(fixture.World, new EmulatorOptions { Port = 0, Latency = TimeSpan.FromMilliseconds(40) });
        using var process = CliExport.Start(slow.Url, dir, chunkExecutions: 20, onOutput: line =>
        {
            lock (output)
            {
                output.Add(line);
            }
            if (line.Contains("commit 1:", StringComparison.Ordinal))
            {
                firstCommit.TrySetResult();
            }
        });

        await Task.WhenAny(firstCommit.Task, process.WaitForExitAsync()).WaitAsync(TimeSpan.FromMinutes(2));
        Assert.False(process.HasExited, "the export finished before the signal could be sent");
        using (var kill = Process.Start("kill", ["-" + signal, process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));

        lock (output)
        {
            Assert.True(process.ExitCode == 1, $"exit {process.ExitCode}:\n{string.Join('\n', output)}");
            Assert.Contains(output, line => line.Contains("export interrupted", StringComparison.Ordinal));
        }
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(dir, "_manifest", "commits")));
        Assert.False((await Exporter.RunAsync(fixture.Server.Url, dir)).IsPartial);
        fixture.AssertSameAsReference(dir);
    }
}
