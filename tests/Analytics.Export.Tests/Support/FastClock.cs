using System.Diagnostics;

namespace Analytics.Export.Tests.Support;

/// <summary>A clock that runs <paramref name="factor"/> times faster than real time from the moment it is made, so
/// sessions, tokens and dates pass during a short test (timers still wait real time).</summary>
internal sealed class FastClock(double factor) : TimeProvider
{
    private readonly DateTimeOffset _start = System.GetUtcNow();
    private readonly long _ticks = Stopwatch.GetTimestamp();

    public override DateTimeOffset GetUtcNow() => _start + Stopwatch.GetElapsedTime(_ticks) * factor;
}
