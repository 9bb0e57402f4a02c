using Analytics.Emulator.Http;
using Analytics.Emulator.Tests.Http.Support;

namespace Analytics.Emulator.Tests.Http;

public sealed class EmulatorRunnerTests
{
    /// <summary>A writer that signals when the announcement line has been written.</summary>
    private sealed class AnnounceWriter : StringWriter
    {
        public TaskCompletionSource<string> Line { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override Task WriteLineAsync(string? value)
        {
            Line.TrySetResult(value ?? "");
            return base.WriteLineAsync(value);
        }
    }

    [Fact]
    public async Task Runner_announces_a_parseable_loopback_url_serves_it_and_stops_on_cancel()
    {
        using var stop = new CancellationTokenSource();
        using var announce = new AnnounceWriter();
        var running = EmulatorRunner.RunAsync(new FixedWorld(), new EmulatorOptions(), announce, stop.Token);

        var line = await announce.Line.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Matches(@"^listening on http://127\.0\.0\.1:\d+$", line);
        using var http = new HttpClient();
        var client = new WireClient(http, new Uri(line["listening on ".Length..]));
        var response = await client.Sfn("ListStateMachines", "{}");
        Assert.Equal(200, response.Status);

        await stop.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(30));
        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(new Uri(line["listening on ".Length..])));
    }

    [Fact]
    public async Task Invalid_options_are_refused_before_listening()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            EmulatorServer.StartAsync(new FixedWorld(), new EmulatorOptions { ThrottleRate = 0.7, ErrorRate = 0.6 }));

        Assert.Contains("add up to at most 1", error.Message, StringComparison.Ordinal);
    }
}
