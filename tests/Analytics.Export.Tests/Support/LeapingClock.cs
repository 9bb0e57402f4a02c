namespace Analytics.Export.Tests.Support;

/// <summary>
/// A clock that leaps forward at two consecutive reads (<paramref name="atRead"/> and the next), so a pagination
/// token in flight then has expired whichever read the leaps land on: a token decoded at the first leap was issued a
/// leap earlier, and a token encoded at the first leap is a leap old when it comes back. A single leap that lands on
/// an encode expires nothing unless another token happens to be in flight.
/// </summary>
internal sealed class LeapingClock(long atRead, TimeSpan leap) : TimeProvider
{
    private long _reads;

    public override DateTimeOffset GetUtcNow()
    {
        var leaps = Math.Clamp(Interlocked.Increment(ref _reads) - atRead + 1, 0, 2);
        return base.GetUtcNow().AddTicks(leaps * leap.Ticks);
    }
}
