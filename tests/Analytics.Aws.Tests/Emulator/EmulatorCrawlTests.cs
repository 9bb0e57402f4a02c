using Xunit.Abstractions;

using Analytics.Aws.Retry;
using Analytics.Emulator.Http;
using Analytics.Emulator.World;

namespace Analytics.Aws.Tests.Emulator;

/// <summary>Shares one scaled-down world (loading it is the slow part) across the crawl tests.</summary>
public sealed class WorldFixture
{
    internal SimulatedWorld World { get; } = TestWorld.Load();
}

public sealed class EmulatorCrawlTests(WorldFixture fixture, ITestOutputHelper output) : IClassFixture<WorldFixture>
{
    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(1000)]
    public async Task Every_paginated_API_returns_every_item_exactly_once(int pageSize)
    {
        await using var session = await EmulatorSession.StartAsync(fixture.World);
        var truth = CrawlSnapshot.Truth(fixture.World);

        var seen = await CrawlSnapshot.CrawlAsync(session.Clients, fixture.World, pageSize);

        output.WriteLine($"{truth.Listings.Count} listings, {truth.ItemCount} items, {session.Counters.Total().Calls} calls");
        Assert.True(truth.Listings.Keys.Count(k => k.StartsWith("ListMapRuns", StringComparison.Ordinal)) > 0, "the world has map runs");
        Assert.True(truth.Listings.Keys.Count(k => k.StartsWith("GetDurableExecutionHistory", StringComparison.Ordinal)) > 0, "the world has durable executions");
        Assert.True(truth.Listings.Keys.Count(k => k.StartsWith("GetDurableExecutionState", StringComparison.Ordinal)) > 0, "the world has running durable executions");
        Assert.Equal(truth.Listings.Keys, seen.Listings.Keys);
        foreach (var (listing, expected) in truth.Listings)
        {
            Assert.True(expected.SequenceEqual(seen[listing]), $"{listing}: expected {expected.Count} items, got {seen[listing].Count} ({seen[listing].Distinct().Count()} distinct)");
        }

        Assert.Equal(0, session.Counters.Total().Retries);
    }

    [Fact]
    public async Task Crawl_through_throttles_errors_resets_and_truncation_completes_with_correct_data_within_the_retry_bound()
    {
        const int maxAttempts = 10;
        var options = new EmulatorOptions { Seed = 11, ThrottleRate = 0.3, ErrorRate = 0.05, ResetRate = 0.01, TruncateRate = 0.01 };
        // Short delays keep the test quick (the emulator asks for Retry-After: 1 s on every throttle, so that is
        // bounded too); the backoff shape and Retry-After handling are covered by the unit tests.
        var retry = new RetryOptions
        {
            MaxAttempts = maxAttempts,
            BaseDelay = TimeSpan.FromMilliseconds(2),
            ThrottlingBaseDelay = TimeSpan.FromMilliseconds(5),
            MaxBackoff = TimeSpan.FromMilliseconds(200),
            MaxRetryAfter = TimeSpan.FromMilliseconds(20),
            QuotaCapacity = 100_000,
        };
        await using var session = await EmulatorSession.StartAsync(fixture.World, options, retry);
        var truth = CrawlSnapshot.Truth(fixture.World);

        var seen = await CrawlSnapshot.CrawlAsync(session.Clients, fixture.World, pageSize: 7);

        foreach (var (listing, expected) in truth.Listings)
        {
            Assert.True(expected.SequenceEqual(seen[listing]), $"{listing}: expected {expected.Count} items, got {seen[listing].Count}");
        }

        var totals = session.Counters.Total();
        Assert.Equal(0, totals.Failures);
        Assert.True(totals.Throttled > totals.Calls / 5, $"throttled {totals.Throttled} of {totals.Calls}");
        Assert.True(totals.Retries >= totals.Throttled);
        Assert.Equal(totals.Calls, session.Recorder.Requests);
        Assert.InRange(session.Recorder.HighestAttempt, 2, maxAttempts);
        var byCode = session.Counters.RetriesByErrorCode();
        output.WriteLine($"{totals}; retries by code: {string.Join(", ", byCode.Select(kv => $"{kv.Key}={kv.Value}"))}");
        Assert.Contains("ThrottlingException", byCode.Keys);
        Assert.Contains("TooManyRequestsException", byCode.Keys);
        Assert.Contains("ConnectionError", byCode.Keys);
        Assert.Contains("TruncatedResponse", byCode.Keys);
    }
}
