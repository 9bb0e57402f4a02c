using Analytics.Emulator.Http;
using Analytics.Emulator.Tests.Http.Support;
using static Analytics.Emulator.Tests.Http.Support.WireClient;

namespace Analytics.Emulator.Tests.Http;

public sealed class QuotaTests
{
    [Fact]
    public async Task GetExecutionHistory_burst_empties_the_400_bucket_then_is_admitted_at_20_per_second()
    {
        // A manual clock: real time would make the counts depend on how fast this machine answers.
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var host = await EmulatorHost.StartAsync(new EmulatorOptions { Quotas = QuotaMode.Aws, Clock = clock });
        var body = Json(("executionArn", FixedWorld.OrderArn(7)), ("maxResults", 1));

        // With the clock standing still, the burst is the bucket: 400 calls, then a throttle.
        var admittedInBurst = 0;
        WireResponse response;
        while ((response = await host.Client.Sfn("GetExecutionHistory", body)).Status == 200)
        {
            admittedInBurst++;
        }
        StepFunctionsProtocolTests.AssertError(response, "ThrottlingException");
        Assert.Equal(400, admittedInBurst);

        // Three seconds in 100 ms steps, three calls a step: only the refill (2 a step) gets through.
        var admitted = 0;
        for (var step = 0; step < 30; step++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(100));
            for (var call = 0; call < 3; call++)
            {
                if ((await host.Client.Sfn("GetExecutionHistory", body)).Status == 200)
                {
                    admitted++;
                }
            }
        }
        Assert.InRange(admitted, 59, 60); // 20/s × 3 s, give or take the float rounding of the last fraction
    }

    [Fact]
    public async Task A_neighbour_draining_half_the_refill_leaves_half_the_rate_for_us()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var host = await EmulatorHost.StartAsync(new EmulatorOptions { Quotas = QuotaMode.Aws, Clock = clock, NeighbourShare = 0.5 });
        var body = Json(("executionArn", FixedWorld.OrderArn(7)), ("maxResults", 1));
        while ((await host.Client.Sfn("GetExecutionHistory", body)).Status == 200)
        {
        }

        // Ten seconds in 100 ms steps, three calls a step: the neighbour takes 10 of the 20 tokens a second.
        var admitted = 0;
        for (var step = 0; step < 100; step++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(100));
            for (var call = 0; call < 3; call++)
            {
                if ((await host.Client.Sfn("GetExecutionHistory", body)).Status == 200)
                {
                    admitted++;
                }
            }
        }
        Assert.InRange(admitted, 99, 100);
    }

    [Fact]
    public async Task Lambda_control_plane_reads_share_one_15_per_second_budget_and_get_429_with_Retry_After()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var host = await EmulatorHost.StartAsync(new EmulatorOptions { Quotas = QuotaMode.Aws, Clock = clock });
        string[] paths = ["/2015-03-31/functions", "/2015-03-31/functions/checkout/configuration", "/2019-09-25/functions/checkout/event-invoke-config/list"];

        var statuses = new List<int>();
        for (var i = 0; i < 15; i++)
        {
            statuses.Add((await host.Client.Lambda(paths[i % 3])).Status);
        }
        var throttled = await host.Client.Lambda(paths[1]);
        var durable = await host.Client.Lambda($"/2025-12-01/durable-executions/{Encode(FixedWorld.DurableArn(3))}");
        clock.Advance(TimeSpan.FromSeconds(1));
        var refilled = await host.Client.Lambda(paths[0]);

        Assert.All(statuses, s => Assert.Equal(200, s));
        LambdaProtocolTests.AssertError(throttled, 429, "TooManyRequestsException");
        Assert.Equal("1", throttled.Header("Retry-After"));
        Assert.Equal("CallerRateLimitExceeded", throttled.Json.GetProperty("Reason").GetString());
        Assert.Equal(200, durable.Status); // the durable APIs have their own buckets
        Assert.Equal(200, refilled.Status);
    }

    [Fact]
    public async Task Step_Functions_buckets_are_per_API_and_refill_at_their_published_rate()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var host = await EmulatorHost.StartAsync(new EmulatorOptions { Quotas = QuotaMode.Aws, Clock = clock });
        var listMapRuns = Json(("executionArn", FixedWorld.BatchExecutionArn));

        var admitted = 0;
        while ((await host.Client.Sfn("ListMapRuns", listMapRuns)).Status == 200)
        {
            admitted++;
        }
        var otherApi = await host.Client.Sfn("DescribeExecution", Json(("executionArn", FixedWorld.BatchExecutionArn)));
        clock.Advance(TimeSpan.FromSeconds(1));
        var afterOneSecond = await host.Client.Sfn("ListMapRuns", listMapRuns);
        var secondInTheSameSecond = await host.Client.Sfn("ListMapRuns", listMapRuns);

        Assert.Equal(100, admitted); // ListMapRuns: bucket 100, refill 1/s; the clock stood still
        Assert.Equal(200, otherApi.Status);
        Assert.Equal(200, afterOneSecond.Status);
        StepFunctionsProtocolTests.AssertError(secondInTheSameSecond, "ThrottlingException");
    }

    [Fact]
    public async Task Without_quotas_nothing_is_throttled()
    {
        await using var host = await EmulatorHost.StartAsync(new EmulatorOptions { Quotas = QuotaMode.None });

        var statuses = new List<int>();
        for (var i = 0; i < 40; i++)
        {
            statuses.Add((await host.Client.Lambda("/2015-03-31/functions")).Status);
        }

        Assert.All(statuses, s => Assert.Equal(200, s));
    }
}
