using System.Collections.Concurrent;

namespace Analytics.Aws.Retry;

/// <summary>
/// One adaptive limiter per (service, quota bucket), shared by every client built from the same
/// <see cref="AwsClientFactory"/> so all workers of an export draw from the same budget.
/// </summary>
public sealed class RateLimiterRegistry
{
    /// <summary>
    /// Seeded limiters run at 98 % of the published refill rate: pacing at exactly the service's rate meets its
    /// bucket at the token boundary, where clock granularity alone turns some calls into throttles.
    /// </summary>
    public const double QuotaHeadroom = 0.98;

    private readonly ConcurrentDictionary<(string Service, string Bucket), AdaptiveRateLimiter> _limiters = new();
    private readonly RateLimitMode _mode;
    private readonly IReadOnlyDictionary<string, double> _overrides;
    private readonly TimeProvider _time;

    /// <param name="overrides">Requests per second by API name (or bucket name), e.g. from <c>--max-rps GetExecutionHistory=10</c>.</param>
    public RateLimiterRegistry(RateLimitMode mode, IReadOnlyDictionary<string, double>? overrides, TimeProvider time)
    {
        _mode = mode;
        _overrides = overrides ?? new Dictionary<string, double>();
        foreach (var (api, rate) in _overrides)
        {
            if (!(rate > 0) || double.IsInfinity(rate))
            {
                throw new ArgumentOutOfRangeException(nameof(overrides), rate, $"The rate for {api} must be a positive number of requests per second.");
            }
        }

        _time = time;
    }

    /// <summary>The limiter for an API, or null when it is not paced.</summary>
    public AdaptiveRateLimiter? For(string service, string api, ApiQuota quota)
    {
        var overridden = _overrides.TryGetValue(api, out var rate) || _overrides.TryGetValue(quota.Bucket, out rate);
        if (_mode == RateLimitMode.None && !overridden)
        {
            return null;
        }

        // An override for one API of a shared bucket gives that API its own limiter.
        var bucket = _overrides.ContainsKey(api) ? api : quota.Bucket;
        return _limiters.GetOrAdd(
            (service, bucket),
            static (key, state) => state.overridden
                ? new AdaptiveRateLimiter(key.Bucket, state.rate, Math.Max(1, state.rate), state.time)
                : new AdaptiveRateLimiter(key.Bucket, state.quota.RatePerSecond * QuotaHeadroom, state.quota.Burst, state.time),
            (overridden, rate, quota, time: _time));
    }
}
