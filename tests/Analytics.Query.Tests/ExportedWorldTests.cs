using Analytics.Aws;
using Analytics.Aws.Retry;
using Analytics.Emulator.Http;
using Analytics.Emulator.Simulation.Truth;
using Analytics.Emulator.World;
using Analytics.Export;
using Analytics.Export.Crawl;

namespace Analytics.Query.Tests;

/// <summary>
/// End to end: the default world served by the emulator over loopback HTTP, exported by the real export job, queried
/// by the named queries; the figures must equal the simulator's own ground truth (`analytics world truth`).
/// </summary>
public sealed class ExportedWorldTests
{
    private static readonly DateTimeOffset s_now = new(2026, 11, 22, 22, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Named_queries_over_the_exported_default_world_equal_world_truth()
    {
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", "test");
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", "test");
        using var folder = new TempFolder();
        var world = WorldLoader.Load(Path.Combine(RepoRoot(), "sample-data", "worlds", "default.json"), seed: 7, s_now);
        var truth = WorldTruth.Compute(world, CancellationToken.None);
        await using (var server = await EmulatorServer.StartAsync(world, new EmulatorOptions { Port = 0 }))
        {
            var aws = new AwsClientOptions
            {
                EndpointUrl = server.Url,
                Region = "us-east-1",
                RateLimits = RateLimitMode.None,
                Retry = new RetryOptions { MaxAttempts = 12, QuotaCapacity = 1_000_000, BaseDelay = TimeSpan.FromMilliseconds(5), MaxBackoff = TimeSpan.FromMilliseconds(200) },
            };
            var result = await new ExportJob(new ExportOptions { Out = folder.Path, ChunkExecutions = 500, FetchConcurrency = 8 }, aws).RunAsync();
            Assert.False(result.IsPartial);
        }
        using var session = QuerySession.Open(folder.Path, new QuerySessionOptions { Threads = 2 });

        // Closed executions by status and the failure rate, per state machine and Map Run child row (RUNNING ones are
        // exported when they close, so they are compared on the closed figures only).
        var rates = session.RunNamed("failure_rates");
        var actual = Enumerable.Range(0, rates.Rows.Count).ToDictionary(r => rates.Text(r, "state_machine")!, r =>
            $"{rates.Long(r, "succeeded")} {rates.Long(r, "failed")} {rates.Long(r, "timed_out")} {rates.Long(r, "aborted")} {rates.Long(r, "closed")} {Canonical.Text(rates.Value(r, "failure_rate"))}");
        var expected = truth.Executions.Where(e => e.Value.Closed > 0).ToDictionary(e => e.Key, e =>
            $"{e.Value.ByStatus.GetValueOrDefault("SUCCEEDED")} {e.Value.ByStatus.GetValueOrDefault("FAILED")} {e.Value.ByStatus.GetValueOrDefault("TIMED_OUT")} "
            + $"{e.Value.ByStatus.GetValueOrDefault("ABORTED")} {e.Value.Closed} {Canonical.Text(e.Value.FailureRate)}");
        Assert.Equal(expected.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}: {kv.Value}"),
            actual.Where(kv => expected.ContainsKey(kv.Key) || !kv.Value.EndsWith(" 0 NULL", StringComparison.Ordinal))
                .OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}: {kv.Value}"));

        // Execution duration percentiles per state machine.
        var latency = session.Run("FROM (" + session.Queries.Get("latency_percentiles").Sql.TrimEnd().TrimEnd(';') + ") WHERE level = 'execution'");
        var latencyActual = Enumerable.Range(0, latency.Rows.Count).Select(r =>
            $"{latency.Text(r, "state_machine")}: {latency.Long(r, "samples")} {latency.Long(r, "p50_ms")} {latency.Long(r, "p90_ms")} {latency.Long(r, "p95_ms")} {latency.Long(r, "p99_ms")} {latency.Long(r, "max_ms")}");
        var latencyExpected = truth.Executions.Where(e => e.Value.DurationMs is not null).OrderBy(e => e.Key, StringComparer.Ordinal).Select(e =>
            $"{e.Key}: {e.Value.DurationMs!.Count} {e.Value.DurationMs.P50} {e.Value.DurationMs.P90} {e.Value.DurationMs.P95} {e.Value.DurationMs.P99} {e.Value.DurationMs.Max}");
        Assert.Equal(latencyExpected, latencyActual);
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Analytics.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("cannot find the repository root above " + AppContext.BaseDirectory);
    }
}
