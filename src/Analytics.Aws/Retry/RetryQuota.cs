namespace Analytics.Aws.Retry;

/// <summary>
/// The client-wide retry token bucket of the SDK's standard mode: every retry must take tokens, so a failing
/// service sees fewer retries instead of a retry storm. Thread-safe.
/// </summary>
public sealed class RetryQuota
{
    private readonly object _gate = new();
    private readonly int _capacity;
    private int _available;

    public RetryQuota(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        _capacity = capacity;
        _available = capacity;
    }

    public int Available
    {
        get
        {
            lock (_gate)
            {
                return _available;
            }
        }
    }

    /// <summary>Takes <paramref name="cost"/> tokens for a retry; false (and nothing taken) when too few are left.</summary>
    public bool TryAcquire(int cost)
    {
        lock (_gate)
        {
            if (_available < cost)
            {
                return false;
            }

            _available -= cost;
            return true;
        }
    }

    /// <summary>Gives tokens back after a successful call (never above capacity).</summary>
    public void Release(int amount)
    {
        lock (_gate)
        {
            _available = Math.Min(_capacity, _available + amount);
        }
    }
}
