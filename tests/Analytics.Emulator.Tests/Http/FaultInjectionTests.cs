using System.Diagnostics;
using System.Text.Json;
using Analytics.Emulator.Http;
using Analytics.Emulator.Tests.Http.Support;
using static Analytics.Emulator.Tests.Http.Support.WireClient;

namespace Analytics.Emulator.Tests.Http;

public sealed class FaultInjectionTests
{
    private static readonly string s_body = Json(("stateMachineArn", FixedWorld.MachineArn("orders")), ("maxResults", 50));

    // A fresh connection per request, so HttpClient never silently re-sends a request whose connection was reset.
    private static void CloseConnection(HttpRequestMessage message) => message.Headers.ConnectionClose = true;

    /// <summary>What a client sees: ok, throttle, error, reset or truncated.</summary>
    private static async Task<string> OutcomeAsync(WireClient client, int i)
    {
        try
        {
            var response = i % 2 == 0
                ? await client.Sfn("ListExecutions", s_body, CloseConnection)
                : await client.Lambda("/2015-03-31/functions", CloseConnection);
            switch (response.Status)
            {
                case 400 or 429:
                    return "throttle";
                case >= 500:
                    return "error";
            }
            try
            {
                using var _ = JsonDocument.Parse(response.Body);
                return "ok";
            }
            catch (JsonException)
            {
                return "truncated";
            }
        }
        catch (HttpRequestException)
        {
            return "reset";
        }
    }

    private static async Task<List<string>> OutcomesAsync(EmulatorOptions options, int count)
    {
        await using var host = await EmulatorHost.StartAsync(options);
        var outcomes = new List<string>();
        for (var i = 0; i < count; i++)
        {
            outcomes.Add(await OutcomeAsync(host.Client, i));
        }
        return outcomes;
    }

    [Fact]
    public async Task Injected_throttling_looks_like_each_service_throttles()
    {
        await using var host = await EmulatorHost.StartAsync(new EmulatorOptions { ThrottleRate = 1 });

        var sfn = await host.Client.Sfn("ListExecutions", s_body);
        var lambda = await host.Client.Lambda("/2015-03-31/functions");

        StepFunctionsProtocolTests.AssertError(sfn, "ThrottlingException");
        LambdaProtocolTests.AssertError(lambda, 429, "TooManyRequestsException");
        Assert.NotNull(lambda.Header("Retry-After"));
    }

    [Fact]
    public async Task Injected_server_errors_are_5xx_in_each_protocol()
    {
        await using var host = await EmulatorHost.StartAsync(new EmulatorOptions { ErrorRate = 1 });

        var sfn = await host.Client.Sfn("ListExecutions", s_body);
        var lambda = await host.Client.Lambda("/2015-03-31/functions");

        Assert.Equal(500, sfn.Status);
        Assert.Equal("InternalFailure", sfn.SfnErrorCode);
        LambdaProtocolTests.AssertError(lambda, 500, "ServiceException");
        Assert.Equal("Service", lambda.Json.GetProperty("Type").GetString());
    }

    [Fact]
    public async Task Injected_resets_abort_the_connection_without_an_answer()
    {
        await using var host = await EmulatorHost.StartAsync(new EmulatorOptions { ResetRate = 1 });

        await Assert.ThrowsAsync<HttpRequestException>(() => host.Client.Sfn("ListExecutions", s_body, CloseConnection));
    }

    [Fact]
    public async Task Injected_truncation_is_a_200_whose_JSON_stops_midway()
    {
        await using var host = await EmulatorHost.StartAsync(new EmulatorOptions { TruncateRate = 1 });
        await using var clean = await EmulatorHost.StartAsync();

        var cut = await host.Client.Sfn("ListExecutions", s_body);
        var whole = await clean.Client.Sfn("ListExecutions", s_body);

        Assert.Equal(200, cut.Status);
        Assert.True(cut.Body.Length < whole.Body.Length);
        Assert.StartsWith(cut.Body[..Math.Min(cut.Body.Length, 40)], whole.Body, StringComparison.Ordinal);
        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(cut.Body));
    }

    [Fact]
    public async Task Injected_latency_delays_every_answer()
    {
        await using var host = await EmulatorHost.StartAsync(new EmulatorOptions { Latency = TimeSpan.FromMilliseconds(300) });

        var watch = Stopwatch.StartNew();
        var response = await host.Client.Lambda("/2015-03-31/functions");

        Assert.Equal(200, response.Status);
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(290), $"answered after {watch.Elapsed.TotalMilliseconds} ms");
    }

    [Fact]
    public async Task The_same_seed_gives_the_same_faults_and_another_seed_different_ones()
    {
        EmulatorOptions Mix(int seed) => new() { Seed = seed, ThrottleRate = 0.15, ErrorRate = 0.15, ResetRate = 0.1, TruncateRate = 0.15 };

        var first = await OutcomesAsync(Mix(7), 80);
        var again = await OutcomesAsync(Mix(7), 80);
        var other = await OutcomesAsync(Mix(8), 80);

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
        Assert.All(new[] { "ok", "throttle", "error", "reset", "truncated" }, kind => Assert.Contains(kind, first));
    }
}
