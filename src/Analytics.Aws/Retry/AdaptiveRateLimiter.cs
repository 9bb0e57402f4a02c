namespace Analytics.Aws.Retry;

/// <summary>
/// A client-side token bucket for one AWS quota bucket, seeded with the published bucket size and refill rate, that
/// slows down for the throttles its own rate causes and not for the others. Callers reserve a token and wait their
/// turn, so concurrent workers share the budget fairly. Thread-safe; time comes from the injected <see cref="TimeProvider"/>.
/// <para>
/// Outcomes are judged in rounds of <see cref="RoundSize"/> calls. A round whose throttle share is above the learned
/// background share (plus a binomial margin) cuts the rate (×<see cref="BackoffFactor"/>, at most once per round; the
/// first throttle after a clean round acts at once) and the next round is a probe: when the service is short of tokens
/// for us (a bucket we or a neighbour drain), successes per second hold up at the lower rate, so the cut stays; when
/// they fall with the rate (≥ <see cref="NoiseGoodputDrop"/>), the throttles were noise that slowing down cannot cure,
/// so the rate is restored, held there for a few rounds, and the share is learned as background. Clean rounds recover
/// the rate linearly (to the seed in about 1 / <see cref="RecoveryPerSecond"/> seconds).
/// </para>
/// </summary>
public sealed class AdaptiveRateLimiter
{
    public const double BackoffFactor = 0.7;
    public const double RecoveryPerSecond = 0.05;
    public const int RoundSize = 20;

    /// <summary>A probe whose successes per second fell below this share of the round before the cut saw noise.</summary>
    public const double NoiseGoodputDrop = 0.8;

    private const int HoldRounds = 5;
    private const int ReprobeRounds = 10;

    private readonly object _gate = new();
    private readonly TimeProvider _time;
    private readonly double _ceilingRate;
    private readonly double _minRate;
    private readonly double _burst;
    private double _rate;
    private double _tokens;
    private bool _burstSuspended;
    private long _lastRefill;
    private long _lastRateChange;

    private int _roundSuccesses;
    private int _roundThrottles;
    private long _roundStart;
    private bool _previousRoundClean = true;
    private double _noise;
    private double _goodput = double.NaN;
    private int _roundsSinceProbe;
    private int _holdRounds;
    private Probe? _probe;

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
        _lastRefill = _lastRateChange = _roundStart = time.GetTimestamp();
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

    /// <summary>The share of calls learned to be throttled whatever our rate (another consumer, random throttling).</summary>
    public double BackgroundThrottleShare
    {
        get
        {
            lock (_gate)
            {
                return _noise;
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

    /// <summary>The service throttled a call: stop bursting, and slow down if the round says the throttles are ours.</summary>
    public void OnThrottle()
    {
        lock (_gate)
        {
            Refill();
            if (_noise == 0 && _tokens < Math.Max(1, _burst * 0.1))
            {
                // Our burst is spent, so the service's bucket (the same size, refilled alike) likely is too: stop
                // bursting until the rate has recovered. A throttle while most of our burst is left, or one learned to
                // be background noise, says nothing about that bucket and leaves the burst alone.
                _burstSuspended = true;
                _tokens = Math.Min(_tokens, 0);
            }
            _roundThrottles++;
            // The first throttle after a clean round (typically the end of the burst) is acted upon at once.
            if (_probe is null && _previousRoundClean && _noise == 0)
            {
                EndRound();
            }
            else if (_roundSuccesses + _roundThrottles >= RoundSize)
            {
                EndRound();
            }
        }
    }

    /// <summary>A call succeeded: count it, and recover towards the seeded rate when the rounds are clean.</summary>
    public void OnSuccess()
    {
        lock (_gate)
        {
            Refill();
            _roundSuccesses++;
            if (_roundSuccesses + _roundThrottles >= RoundSize)
            {
                EndRound();
            }
            if (_rate >= _ceilingRate || _probe is not null)
            {
                return;
            }
            var now = _time.GetTimestamp();
            var elapsed = _time.GetElapsedTime(_lastRateChange, now).TotalSeconds;
            _lastRateChange = now;
            if (_holdRounds > 0)
            {
                return;
            }
            _rate = Math.Min(_ceilingRate, _rate + (_ceilingRate * RecoveryPerSecond * elapsed));
            if (_rate >= _ceilingRate)
            {
                _burstSuspended = false;
            }
        }
    }

    private void EndRound()
    {
        var now = _time.GetTimestamp();
        var calls = _roundSuccesses + _roundThrottles;
        var share = (double)_roundThrottles / calls;
        // Successes per second; a round that took no measurable time counts as no evidence of lost throughput.
        var seconds = Math.Max(_time.GetElapsedTime(_roundStart, now).TotalSeconds, 1e-3);
        var goodput = _roundSuccesses / seconds;

        if (_probe is { } probe)
        {
            _probe = null;
            if (goodput < probe.GoodputBefore * NoiseGoodputDrop && _roundThrottles > 0)
            {
                // Slowing down lost throughput and the throttles went on: they are not ours. The probe round's share is
                // the background's (the round that triggered the cut was picked for being high, so it overstates it).
                _rate = probe.RateBefore;
                _noise = Math.Max(_noise, share);
                _holdRounds = HoldRounds;
                _burstSuspended = false;
            }
            else
            {
                // The cut held its successes: whatever background share was learned overstated it.
                _goodput = goodput;
                _noise = Math.Min(_noise, share);
            }
        }
        else if (share > _noise + Margin(calls) || (_noise > 0 && ++_roundsSinceProbe >= ReprobeRounds))
        {
            // Also, now and then, a learned background share is put to the test again: a neighbour's draining looks
            // like noise at first, but its throttles fade when we slow down, and then the cut is kept.
            _roundsSinceProbe = 0;
            // Compared with the recent rounds' average, not with this round alone: it was picked for its throttles, so
            // its successes understate what the rate was getting.
            Average(goodput);
            _probe = new Probe(_rate, _goodput);
            _rate = Math.Max(_minRate, _rate * BackoffFactor);
        }
        else
        {
            Average(goodput);
            // The background share follows quieter rounds down (it only rises through a probe that proved it noise).
            _noise = Math.Min(_noise, (0.9 * _noise) + (0.1 * share));
            if (_noise < 0.005)
            {
                _noise = 0;
            }
            if (_holdRounds > 0)
            {
                _holdRounds--;
            }
        }
        _previousRoundClean = _roundThrottles == 0;
        _roundSuccesses = _roundThrottles = 0;
        _roundStart = now;
        _lastRateChange = now;
    }

    /// <summary>Two standard deviations of a round's throttle share around the background share (at least 2 %).</summary>
    private double Margin(int calls)
    {
        var p = Math.Max(_noise, 0.02);
        return 2 * Math.Sqrt(p * (1 - p) / calls);
    }

    private void Refill()
    {
        var now = _time.GetTimestamp();
        var elapsed = _time.GetElapsedTime(_lastRefill, now).TotalSeconds;
        _lastRefill = now;
        // After a throttle the service's bucket is empty too: allow no burst beyond one second's worth until recovered.
        var capacity = _burstSuspended ? Math.Max(1, _rate) : _burst;
        if (_tokens < capacity)
        {
            _tokens = Math.Min(capacity, _tokens + (elapsed * _rate));
        }
    }

    private void Average(double goodput) => _goodput = double.IsNaN(_goodput) ? goodput : (0.7 * _goodput) + (0.3 * goodput);

    private sealed record Probe(double RateBefore, double GoodputBefore);
}
