using System.Diagnostics;
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
        // One execution's history is held until the signal was sent: the run commits the other executions' chunks but
        // cannot end before the signal, however fast it is or however long a loaded machine takes to send the signal (a
        // 40 ms delay on every response only made that likely: the rest of the run could end first, and it exited 0).
        using var held = new HeldHistoryWorld(fixture.World, HeldHistoryWorld.Leaf(fixture.World));
        await using var server = await EmulatorHost.StartAsync(held);
        using var process = CliExport.Start(server.Url, dir, chunkExecutions: 20, onOutput: line =>
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
        held.Release();

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
