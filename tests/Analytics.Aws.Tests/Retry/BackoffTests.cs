using Analytics.Aws.Retry;

namespace Analytics.Aws.Tests.Retry;

public sealed class BackoffTests
{
    private static readonly RetryOptions s_options = new();

    [Theory]
    [InlineData(1, 1.0, 100)]
    [InlineData(1, 0.5, 50)]
    [InlineData(2, 1.0, 200)]
    [InlineData(4, 1.0, 800)]
    [InlineData(4, 0.25, 200)]
    public void Transient_backoff_is_full_jitter_over_a_doubling_100ms_base(int retry, double random, double expectedMs)
    {
        var delay = Backoff.Compute(retry, ErrorKind.Transient, null, s_options, new FixedRandom(random));

        Assert.Equal(expectedMs, delay.TotalMilliseconds, 3);
    }

    [Fact]
    public void Throttling_backoff_starts_at_500ms()
    {
        Assert.Equal(500, Backoff.Compute(1, ErrorKind.Throttling, null, s_options, new FixedRandom(1)).TotalMilliseconds, 3);
        Assert.Equal(1000, Backoff.Compute(2, ErrorKind.Throttling, null, s_options, new FixedRandom(1)).TotalMilliseconds, 3);
    }

    [Fact]
    public void Backoff_is_capped_at_20_seconds()
    {
        Assert.Equal(TimeSpan.FromSeconds(20), Backoff.Compute(9, ErrorKind.Throttling, null, s_options, new FixedRandom(1)));
        Assert.Equal(TimeSpan.FromSeconds(10), Backoff.Compute(60, ErrorKind.Transient, null, s_options, new FixedRandom(0.5)));
    }

    [Fact]
    public void Longer_retry_after_from_the_server_wins_and_is_bounded()
    {
        var random = new FixedRandom(0.1);

        Assert.Equal(TimeSpan.FromSeconds(3), Backoff.Compute(1, ErrorKind.Throttling, TimeSpan.FromSeconds(3), s_options, random));
        Assert.Equal(TimeSpan.FromMilliseconds(50), Backoff.Compute(1, ErrorKind.Throttling, TimeSpan.FromMilliseconds(10), s_options, random));
        Assert.Equal(s_options.MaxRetryAfter, Backoff.Compute(1, ErrorKind.Throttling, TimeSpan.FromHours(2), s_options, random));
    }
}
