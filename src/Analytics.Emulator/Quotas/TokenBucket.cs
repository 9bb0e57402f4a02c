namespace Analytics.Emulator.Quotas;

/// <summary>
/// A token bucket as AWS describes its API quotas: it starts full (<see cref="Capacity"/> calls of burst) and
/// refills continuously at <see cref="RefillPerSecond"/>; a call takes one token or is throttled.
/// </summary>
public sealed class TokenBucket
{
    private readonly TimeProvider _clock;
    private readonly Lock _gate = new();
    private double _tokens;
    private long _updatedAt;

    public TokenBucket(double capacity, double refillPerSecond, TimeProvider clock)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(refillPerSecond);
        Capacity = capacity;
        RefillPerSecond = refillPerSecond;
        _clock = clock;
        _tokens = capacity;
        _updatedAt = clock.GetTimestamp();
    }

    public double Capacity { get; }

    public double RefillPerSecond { get; }

    /// <summary>
    /// The share of the refill another consumer of the same account takes as it comes (0..1): it drains the bucket
    /// at that rate whenever tokens are there, so what is left for us refills at (1 - share) of the published rate.
    /// </summary>
    public double NeighbourShare { get; init; }

    /// <summary>Takes a token; when none is left, <paramref name="retryAfter"/> is when the next one will be there.</summary>
    public bool TryTake(out TimeSpan retryAfter)
    {
        lock (_gate)
        {
            var now = _clock.GetTimestamp();
            var elapsed = _clock.GetElapsedTime(_updatedAt, now).TotalSeconds;
            _updatedAt = now;
            _tokens = Math.Min(Capacity, _tokens + (elapsed * RefillPerSecond));
            _tokens = Math.Max(0, _tokens - (elapsed * RefillPerSecond * NeighbourShare));
            if (_tokens >= 1)
            {
                _tokens -= 1;
                retryAfter = TimeSpan.Zero;
                return true;
            }
            retryAfter = TimeSpan.FromSeconds((1 - _tokens) / RefillPerSecond);
            return false;
        }
    }
}
