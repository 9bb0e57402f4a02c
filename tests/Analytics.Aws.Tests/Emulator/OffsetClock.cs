namespace Analytics.Aws.Tests.Emulator;

/// <summary>The system clock shifted by an amount the test sets (timers stay real).</summary>
internal sealed class OffsetClock : TimeProvider
{
    private long _offsetTicks;

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);
}
