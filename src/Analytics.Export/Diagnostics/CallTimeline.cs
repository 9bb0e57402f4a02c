using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Analytics.Aws.Diagnostics;

namespace Analytics.Export.Diagnostics;

/// <summary>
/// Per-call timestamps (milliseconds since the run started, API, outcome) for benchmarks that need a rate over a
/// window rather than over the whole run. Forwards every hook to the run's counters. Only used when
/// <see cref="ExportOptions.CallTimeline"/> is set: it holds one small record per attempt.
/// </summary>
internal sealed class CallTimeline(IAwsCallObserver inner) : IAwsCallObserver
{
    private readonly long _start = Stopwatch.GetTimestamp();
    private readonly ConcurrentQueue<(double Ms, string Api, string Outcome)> _calls = new();

    public void OnAttempt(string service, string api)
    {
        Record(api, "attempt");
        inner.OnAttempt(service, api);
    }

    public void OnThrottled(string service, string api)
    {
        Record(api, "throttled");
        inner.OnThrottled(service, api);
    }

    public void OnRetry(string service, string api, string errorCode)
    {
        Record(api, "retry");
        inner.OnRetry(service, api, errorCode);
    }

    public void OnFailure(string service, string api, string errorCode)
    {
        Record(api, "failure");
        inner.OnFailure(service, api, errorCode);
    }

    /// <summary>Writes <c>ms,api,outcome</c> lines in time order.</summary>
    public void WriteTo(string path)
    {
        using var writer = new StreamWriter(path);
        writer.WriteLine("ms,api,outcome");
        foreach (var (ms, api, outcome) in _calls.OrderBy(c => c.Ms))
        {
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{ms:F1},{api},{outcome}"));
        }
    }

    private void Record(string api, string outcome) =>
        _calls.Enqueue((Stopwatch.GetElapsedTime(_start).TotalMilliseconds, api, outcome));
}
