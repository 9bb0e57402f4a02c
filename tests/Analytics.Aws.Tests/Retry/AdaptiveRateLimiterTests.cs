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
    public void A_throttle_cuts_the_rate_and_drops_the_burst()
    {
        var time = new ManualTimeProvider();
        var limiter = new AdaptiveRateLimiter("DescribeExecution", ratePerSecond: 10, burst: 300, time);

        limiter.OnThrottle();

        Assert.Equal(7, limiter.CurrentRate, 6);
        Assert.Equal(1000 / 7d, limiter.Reserve().TotalMilliseconds, 3);
        limiter.OnThrottle();
        Assert.Equal(4.9, limiter.CurrentRate, 6);
    }

    [Fact]
    public void Rate_recovers_slowly_with_successes_and_never_exceeds_the_seed()
    {
        var time = new ManualTimeProvider();
        var limiter = new AdaptiveRateLimiter("GetExecutionHistory", ratePerSecond: 20, burst: 400, time);
        limiter.OnThrottle();
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

        for (var i = 0; i < 100; i++)
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
