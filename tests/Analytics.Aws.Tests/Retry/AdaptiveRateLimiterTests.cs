using Analytics.Aws.Retry;

namespace Analytics.Aws.Tests.Retry;

public sealed class AdaptiveRateLimiterTests
{
    [Fact]
    public void Burst_is_free_then_callers_queue_at_the_refill_rate()
    {
        var time = new ManualTimeProvider();
        var limiter = new AdaptiveRateLimiter("GetExecutionHistory", ratePerSecond: 20, burst: 3, time);

        var waits = Enumerable.Range(0, 6).Select(_ => limiter.Reserve().TotalMilliseconds).ToArray();

        Assert.Equal([0, 0, 0, 50, 100, 150], waits.Select(w => Math.Round(w)).ToArray());
    }

    [Fact]
    public void Tokens_refill_with_time_up_to_the_burst()
    {
        var time = new ManualTimeProvider();
        var limiter = new AdaptiveRateLimiter("ListExecutions", ratePerSecond: 5, burst: 2, time);
        limiter.Reserve();
        limiter.Reserve();

        time.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(TimeSpan.Zero, limiter.Reserve());
        Assert.Equal(TimeSpan.Zero, limiter.Reserve());
        Assert.Equal(200, limiter.Reserve().TotalMilliseconds, 3);
    }

    [Fact]
    public void A_throttle_once_the_burst_is_spent_cuts_the_rate_and_stops_bursting_once_per_round()
    {
        var time = new ManualTimeProvider();
        var limiter = new AdaptiveRateLimiter("DescribeExecution", ratePerSecond: 10, burst: 30, time);
        for (var i = 0; i < 30; i++)
        {
            limiter.Reserve();
        }

        limiter.OnThrottle();

        Assert.Equal(7, limiter.CurrentRate, 6);
        Assert.Equal(1000 / 7d, limiter.Reserve().TotalMilliseconds, 3);
        limiter.OnThrottle(); // the same round: judged with the round, not once more
        Assert.Equal(7, limiter.CurrentRate, 6);
    }

    [Fact]
    public void A_throttle_while_most_of_the_burst_is_left_keeps_the_burst()
    {
        var time = new ManualTimeProvider();
        var limiter = new AdaptiveRateLimiter("DescribeMapRun", ratePerSecond: 1, burst: 200, time);

        limiter.OnThrottle(); // our calls cannot have emptied the service's 200-token bucket

        Assert.Equal(TimeSpan.Zero, limiter.Reserve());
    }

    [Fact]
    public void Rate_recovers_slowly_after_a_probe_that_kept_the_cut_and_never_exceeds_the_seed()
    {
        var time = new ManualTimeProvider();
        var limiter = new AdaptiveRateLimiter("GetExecutionHistory", ratePerSecond: 20, burst: 400, time);
        limiter.OnThrottle();
        Assert.Equal(14, limiter.CurrentRate, 6);
        // The probe round: as many successes per second as before the cut (the bucket, not us, set the pace).
        for (var i = 0; i < AdaptiveRateLimiter.RoundSize; i++)
        {
            time.Advance(TimeSpan.FromMilliseconds(1));
            limiter.OnSuccess();
        }
        Assert.Equal(14, limiter.CurrentRate, 6);

        time.Advance(TimeSpan.FromSeconds(2));
        limiter.OnSuccess();
        Assert.Equal(16, limiter.CurrentRate, 6);

        time.Advance(TimeSpan.FromSeconds(60));
        limiter.OnSuccess();
        Assert.Equal(20, limiter.CurrentRate, 6);
    }

    [Fact]
    public void Repeated_throttles_stop_at_a_floor_rather_than_zero()
    {
        var limiter = new AdaptiveRateLimiter("ListMapRuns", ratePerSecond: 1, burst: 100, new ManualTimeProvider());

        // Every call throttled: one cut per round, then a probe round that keeps it (no throughput was lost).
        for (var i = 0; i < 400; i++)
        {
            limiter.OnThrottle();
        }

        Assert.Equal(0.2, limiter.CurrentRate, 6);
    }

    [Fact]
    public async Task Acquire_waits_its_turn_on_the_injected_clock()
    {
        var time = new ManualTimeProvider();
        var limiter = new AdaptiveRateLimiter("ListStateMachines", ratePerSecond: 5, burst: 1, time);

        for (var i = 0; i < 4; i++)
        {
            await limiter.AcquireAsync(CancellationToken.None);
        }

        Assert.Equal([200d, 200d, 200d], time.Waits.Select(w => Math.Round(w.TotalMilliseconds)).ToArray());
    }

    [Fact]
    public void Registry_shares_the_Lambda_control_plane_bucket_and_honours_overrides()
    {
        var time = new ManualTimeProvider();
        var registry = new RateLimiterRegistry(RateLimitMode.AwsQuotas, new Dictionary<string, double> { ["GetDurableExecution"] = 3 }, time);

        var listFunctions = registry.For("lambda", "ListFunctions", AwsQuotas.Lambda("ListFunctions"));
        var getConfig = registry.For("lambda", "GetFunctionConfiguration", AwsQuotas.Lambda("GetFunctionConfiguration"));
        var history = registry.For("lambda", "GetDurableExecutionHistory", AwsQuotas.Lambda("GetDurableExecutionHistory"));
        var overridden = registry.For("lambda", "GetDurableExecution", AwsQuotas.Lambda("GetDurableExecution"));

        Assert.Same(listFunctions, getConfig);
        Assert.Equal(15 * RateLimiterRegistry.QuotaHeadroom, listFunctions!.CeilingRate, 9);
        Assert.NotSame(listFunctions, history);
        Assert.Equal(3, overridden!.CeilingRate);
        Assert.Null(new RateLimiterRegistry(RateLimitMode.None, null, time).For("states", "ListExecutions", AwsQuotas.StepFunctions("ListExecutions", "us-east-1")));
    }

    [Theory]
    [InlineData("us-east-1", 5)]
    [InlineData("eu-west-1", 5)]
    [InlineData("ap-northeast-1", 2)]
    public void Step_Functions_quotas_depend_on_the_region(string region, double listExecutionsRate)
    {
        Assert.Equal(listExecutionsRate, AwsQuotas.StepFunctions("ListExecutions", region).RatePerSecond);
        Assert.Equal(new ApiQuota("GetExecutionHistory", 400, 20), AwsQuotas.StepFunctions("GetExecutionHistory", region));
    }
}

/// <summary>
/// The limiter against a simulated service (a token bucket refilled at what is left for us, plus random throttles)
/// on virtual time: successes per second over two simulated minutes, as the targets state them.
/// </summary>
public sealed class AdaptiveRateLimiterServiceTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const double Ceiling = 20 * RateLimiterRegistry.QuotaHeadroom;

    [Fact]
    public void A_clean_service_is_used_at_the_seeded_rate()
    {
        var goodput = Goodput(refill: 20, randomThrottle: 0);

        Assert.True(goodput >= 0.97 * Ceiling, $"{goodput:F2}/s");
    }

    [Fact]
    public void With_a_neighbour_draining_half_the_refill_the_limiter_sustains_90_percent_of_what_is_left()
    {
        var goodput = Goodput(refill: 10, randomThrottle: 0);

        Assert.True(goodput >= 0.9 * 10, $"{goodput:F2}/s of the 10/s left");
    }

    [Theory]
    [InlineData(0.3)]
    [InlineData(0.5)]
    public void Random_throttling_does_not_pin_the_rate_to_its_floor(double randomThrottle)
    {
        var goodput = Goodput(refill: 20, randomThrottle);

        // Slowing down cannot cure random throttles: the ideal is (1 - p) of the seeded rate; the old limiter sat at
        // its 1/s floor (about 0.5 successes/s here).
        Assert.True(goodput >= 0.8 * (1 - randomThrottle) * Ceiling, $"{goodput:F2}/s at {randomThrottle:P0} random throttling");
    }

    private double Goodput(double refill, double randomThrottle)
    {
        var time = new ManualTimeProvider();
        var limiter = new AdaptiveRateLimiter("GetExecutionHistory", Ceiling, burst: 400, time);
        var random = new Random(20261204);
        var tokens = 400.0;
        var last = time.GetTimestamp();
        var successes = 0;
        var warmUp = TimeSpan.FromSeconds(20);
        var end = TimeSpan.FromSeconds(140);
        while (time.GetElapsedTime(0) < end)
        {
            time.Advance(limiter.Reserve());
            var now = time.GetTimestamp();
            tokens = Math.Min(400, tokens + (time.GetElapsedTime(last, now).TotalSeconds * refill));
            last = now;
            var throttled = tokens < 1 || random.NextDouble() < randomThrottle;
            if (throttled)
            {
                limiter.OnThrottle();
                continue;
            }
            tokens -= 1;
            limiter.OnSuccess();
            if (time.GetElapsedTime(0) >= warmUp)
            {
                successes++;
            }
        }
        var goodput = successes / (end - warmUp).TotalSeconds;
        output.WriteLine($"refill {refill}/s, random throttling {randomThrottle:P0}: {goodput:F2} successes/s (seeded rate {Ceiling:F1}/s)");
        return goodput;
    }
}

public sealed class RateOverridesTests
{
    [Fact]
    public void Max_rps_values_parse_into_rates_by_api()
    {
        var rates = RateOverrides.Parse(["GetExecutionHistory=10", "lambda-control-plane=2.5"]);

        Assert.Equal(10, rates["GetExecutionHistory"]);
        Assert.Equal(2.5, rates["lambda-control-plane"]);
    }

    [Theory]
    [InlineData("GetExecutionHistory")]
    [InlineData("=5")]
    [InlineData("ListExecutions=0")]
    [InlineData("ListExecutions=fast")]
    public void Bad_max_rps_values_are_configuration_errors(string value)
    {
        var error = Assert.Throws<AwsConfigurationException>(() => RateOverrides.Parse([value]));

        Assert.Contains(value, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Max_rps_for_an_api_the_export_never_calls_is_refused_naming_it()
    {
        var error = Assert.Throws<AwsConfigurationException>(() => RateOverrides.Parse(["Foo=5"]));

        Assert.Contains("'Foo' is not an API the export calls", error.Message, StringComparison.Ordinal);
        Assert.Contains("GetExecutionHistory", error.Message, StringComparison.Ordinal);
    }
}
