using System.Collections.Concurrent;

namespace Analytics.Aws.Diagnostics;

/// <summary>Thread-safe per-API counters of calls, throttles, retries and failures.</summary>
public sealed class AwsCallCounters : IAwsCallObserver
{
    private readonly ConcurrentDictionary<string, Counter> _byApi = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _retriesByCode = new(StringComparer.Ordinal);

    public void OnAttempt(string service, string api) => Interlocked.Increment(ref Get(api).Calls);

    public void OnThrottled(string service, string api) => Interlocked.Increment(ref Get(api).Throttled);

    public void OnRetry(string service, string api, string errorCode)
    {
        Interlocked.Increment(ref Get(api).Retries);
        _retriesByCode.AddOrUpdate(errorCode, 1, static (_, n) => n + 1);
    }

    public void OnFailure(string service, string api, string errorCode) => Interlocked.Increment(ref Get(api).Failures);

    /// <summary>A consistent-enough copy of the counters per API (each counter is read atomically).</summary>
    public IReadOnlyDictionary<string, AwsCallCount> Snapshot() =>
        _byApi.ToDictionary(
            kv => kv.Key,
            kv => new AwsCallCount(
                Interlocked.Read(ref kv.Value.Calls),
                Interlocked.Read(ref kv.Value.Throttled),
                Interlocked.Read(ref kv.Value.Retries),
                Interlocked.Read(ref kv.Value.Failures)),
            StringComparer.Ordinal);

    /// <summary>How many retries each error code caused.</summary>
    public IReadOnlyDictionary<string, long> RetriesByErrorCode() => new Dictionary<string, long>(_retriesByCode, StringComparer.Ordinal);

    /// <summary>The sums over every API.</summary>
    public AwsCallCount Total()
    {
        long calls = 0, throttled = 0, retries = 0, failures = 0;
        foreach (var count in Snapshot().Values)
        {
            calls += count.Calls;
            throttled += count.Throttled;
            retries += count.Retries;
            failures += count.Failures;
        }

        return new AwsCallCount(calls, throttled, retries, failures);
    }

    private Counter Get(string api) => _byApi.GetOrAdd(api, static _ => new Counter());

    private sealed class Counter
    {
        public long Calls;
        public long Throttled;
        public long Retries;
        public long Failures;
    }
}

/// <summary>Counts for one API (or the total).</summary>
public readonly record struct AwsCallCount(long Calls, long Throttled, long Retries, long Failures);
