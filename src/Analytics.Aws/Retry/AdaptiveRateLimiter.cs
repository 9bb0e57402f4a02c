namespace Analytics.Aws.Retry;

/// <summary>
/// A client-side token bucket for one AWS quota bucket, seeded with the published bucket size and refill rate, that
/// adapts like the SDK's adaptive mode: a throttle cuts the rate (×<see cref="BackoffFactor"/>) and drops the
/// burst allowance, and successes then raise it back slowly (linearly, to the seed in about
/// 1 / <see cref="RecoveryPerSecond"/> seconds). Callers reserve a token and wait their turn, so concurrent workers
/// share the budget fairly. Thread-safe; time comes from the injected <see cref="TimeProvider"/>.
/// </summary>
public sealed class AdaptiveRateLimiter
{
    public const double BackoffFactor = 0.7;
    public const double RecoveryPerSecond = 0.05;

    private readonly object _gate = new();
    private readonly TimeProvider _time;
    private readonly double _ceilingRate;
    private readonly double _minRate;
    private readonly double _burst;
    private double _rate;
    private double _tokens;
    private bool _throttledSinceFullRate;
    private long _lastRefill;
    private long _lastRateChange;

    public AdaptiveRateLimiter(string name, double ratePerSecond, double burst, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ratePerSecond);
        ArgumentOutOfRangeException.ThrowIfLessThan(burst, 1d);
        Name = name;
        _time = time;
        _ceilingRate = ratePerSecond;
        _minRate = Math.Min(ratePerSecond, Math.Max(0.2, ratePerSecond * 0.05));
        _burst = burst;
        _rate = ratePerSecond;
        _tokens = burst;
        _lastRefill = _lastRateChange = time.GetTimestamp();
    }

    /// <summary>The quota bucket this limiter stands for (an API name, or a shared bucket such as "lambda-control-plane").</summary>
    public string Name { get; }

    /// <summary>The seeded (maximum) rate in requests per second.</summary>
    public double CeilingRate => _ceilingRate;

    /// <summary>The current allowed rate in requests per second.</summary>
    public double CurrentRate
    {
        get
        {
            lock (_gate)
            {
                return _rate;
            }
        }
    }

    /// <summary>Takes one token and returns how long the caller must wait before sending (zero when one was free).</summary>
    public TimeSpan Reserve()
    {
        lock (_gate)
        {
            Refill();
            _tokens -= 1;
            return _tokens >= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(-_tokens / _rate);
        }
    }

    public async ValueTask AcquireAsync(CancellationToken cancellationToken)
    {
        var wait = Reserve();
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The service throttled a call: slow down and stop bursting.</summary>
    public void OnThrottle()
    {
        lock (_gate)
        {
            Refill();
            _rate = Math.Max(_minRate, _rate * BackoffFactor);
            _throttledSinceFullRate = true;
            _tokens = Math.Min(_tokens, 0);
            _lastRateChange = _time.GetTimestamp();
        }
    }

    /// <summary>A call succeeded: recover towards the seeded rate in proportion to the time since the last change.</summary>
    public void OnSuccess()
    {
        lock (_gate)
        {
            if (!_throttledSinceFullRate)
            {
                return;
            }

            Refill();
            var now = _time.GetTimestamp();
            var elapsed = _time.GetElapsedTime(_lastRateChange, now).TotalSeconds;
            _rate = Math.Min(_ceilingRate, _rate + (_ceilingRate * RecoveryPerSecond * elapsed));
            _lastRateChange = now;
            if (_rate >= _ceilingRate)
            {
                _throttledSinceFullRate = false;
            }
        }
    }

    private void Refill()
    {
        var now = _time.GetTimestamp();
        var elapsed = _time.GetElapsedTime(_lastRefill, now).TotalSeconds;
        _lastRefill = now;
        // After a throttle the service's bucket is empty too: allow no burst beyond one second's worth until recovered.
        var capacity = _throttledSinceFullRate ? Math.Max(1, _rate) : _burst;
        if (_tokens < capacity)
        {
            _tokens = Math.Min(capacity, _tokens + (elapsed * _rate));
        }
    }
}
