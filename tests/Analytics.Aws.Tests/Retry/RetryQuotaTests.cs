using Analytics.Aws.Retry;

namespace Analytics.Aws.Tests.Retry;

public sealed class RetryQuotaTests
{
    [Fact]
    public void A_500_token_quota_allows_100_retries_then_refuses()
    {
        var quota = new RetryQuota(500);

        var granted = Enumerable.Range(0, 150).Count(_ => quota.TryAcquire(5));

        Assert.Equal(100, granted);
        Assert.Equal(0, quota.Available);
    }

    [Fact]
    public void Timeouts_cost_double_and_refusal_takes_nothing()
    {
        var quota = new RetryQuota(25);

        Assert.True(quota.TryAcquire(10));
        Assert.True(quota.TryAcquire(10));
        Assert.False(quota.TryAcquire(10));
        Assert.Equal(5, quota.Available);
    }

    [Fact]
    public void Successes_refill_the_quota_up_to_its_capacity()
    {
        var quota = new RetryQuota(500);
        Assert.True(quota.TryAcquire(5));

        quota.Release(1);
        Assert.Equal(496, quota.Available);
        quota.Release(100);
        Assert.Equal(500, quota.Available);
    }
}
