using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Analytics.Aws.Diagnostics;

namespace Analytics.Export.Diagnostics;

/// <summary>
/// Per-call timestamps (milliseconds since the run started, API, outcome, unit) for benchmarks that need a rate over a
/// window rather than over the whole run. Forwards every hook to the run's counters. Only used when
/// <see cref="ExportOptions.CallTimeline"/> is set: it holds one small record per attempt.
/// </summary>
internal sealed class CallTimeline(IAwsCallObserver inner)
{
    private readonly long _start = Stopwatch.GetTimestamp();
    private readonly ConcurrentQueue<(double Ms, string Api, string Outcome, string Unit)> _calls = new();

    /// <summary>The hooks of one (account, region) unit's clients: its calls are recorded under its label.</summary>
    public IAwsCallObserver For(string unit) => new UnitObserver(this, unit);

    /// <summary>Writes <c>ms,api,outcome,unit</c> lines in time order.</summary>
    public void WriteTo(string path)
    {
        using var writer = new StreamWriter(path);
        writer.WriteLine("ms,api,outcome,unit");
        foreach (var (ms, api, outcome, unit) in _calls.OrderBy(c => c.Ms))
        {
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{ms:F1},{api},{outcome},{unit.Replace(',', ' ')}"));
        }
    }

    private void Record(string api, string outcome, string unit) =>
        _calls.Enqueue((Stopwatch.GetElapsedTime(_start).TotalMilliseconds, api, outcome, unit));

    private sealed class UnitObserver(CallTimeline timeline, string unit) : IAwsCallObserver
    {
        public void OnAttempt(string service, string api)
        {
            timeline.Record(api, "attempt", unit);
            timeline._inner.OnAttempt(service, api);
        }

        public void OnThrottled(string service, string api)
        {
            timeline.Record(api, "throttled", unit);
            timeline._inner.OnThrottled(service, api);
        }

        public void OnRetry(string service, string api, string errorCode)
        {
            timeline.Record(api, "retry", unit);
            timeline._inner.OnRetry(service, api, errorCode);
        }

        public void OnFailure(string service, string api, string errorCode)
        {
            timeline.Record(api, "failure", unit);
            timeline._inner.OnFailure(service, api, errorCode);
        }
    }

    private readonly IAwsCallObserver _inner = inner;
}
