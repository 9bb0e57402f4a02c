using Analytics.Aws.Lambda.Model;
using Analytics.Aws.Retry;
using Analytics.Emulator.Http;

namespace Analytics.Aws.Tests.Emulator;

/// <summary>
/// The client's own limiter against the emulator's AWS quota buckets, both on one virtual clock (waiting jumps it),
/// so seconds of pacing run in milliseconds.
/// </summary>
public sealed class EmulatorQuotaTests(WorldFixture fixture) : IClassFixture<WorldFixture>
{
    private const int Calls = 60;

    [Fact]
    public async Task Paced_client_is_never_throttled_by_the_AWS_quotas()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        await using var session = await EmulatorSession.StartAsync(
            fixture.World, new EmulatorOptions { Quotas = QuotaMode.Aws, Clock = clock }, rateLimits: RateLimitMode.AwsQuotas, clientTime: clock);

        await CallRepeatedlyAsync(session);

        Assert.Equal(0, session.Counters.Total().Throttled);
        // 60 calls on a 15/s bucket that starts full: (60 - 15) / (15 × 98 %) ≈ 3.06 s of pacing per bucket, i.e.
        // the sustained rate stays within a few per cent of the quota.
        Assert.InRange(clock.TotalWaited.TotalSeconds, 2 * 3.0, 2 * 3.2);
    }

    [Fact]
    public async Task Unpaced_client_is_throttled_but_still_completes_through_retries()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        await using var session = await EmulatorSession.StartAsync(
            fixture.World, new EmulatorOptions { Quotas = QuotaMode.Aws, Clock = clock }, new RetryOptions { MaxAttempts = 10 }, rateLimits: RateLimitMode.None, clientTime: clock);

        await CallRepeatedlyAsync(session);

        var totals = session.Counters.Total();
        Assert.True(totals.Throttled > 0, "without pacing the burst is exhausted");
        Assert.Equal(0, totals.Failures);
    }

    private async Task CallRepeatedlyAsync(EmulatorSession session)
    {
        // Two 15/s buckets: Lambda's shared control-plane budget and GetDurableExecutionHistory's own.
        var function = fixture.World.Functions[0].FunctionName;
        for (var i = 0; i < Calls; i++)
        {
            await session.Clients.Lambda.GetFunctionConfigurationAsync(new GetFunctionConfigurationRequest(function));
        }

        var durable = CrawlSnapshot.HistoryPicks(fixture.World).Durable[0].Arn;
        for (var i = 0; i < Calls; i++)
        {
            using var page = await session.Clients.Lambda.GetDurableExecutionHistoryAsync(new GetDurableExecutionHistoryRequest(durable, MaxItems: 1000));
        }
    }
}
