namespace Analytics.Export.Tests.Support;

/// <summary>A clock that leaps forward every Nth read, so pagination tokens issued before a leap have expired after it.</summary>
internal sealed class JumpingClock(int everyNthRead, TimeSpan jump) : TimeProvider
{
    private long _reads;
    private long _offsetTicks;

    public override DateTimeOffset GetUtcNow()
    {
        if (Interlocked.Increment(ref _reads) % everyNthRead == 0)
        {
            Interlocked.Add(ref _offsetTicks, jump.Ticks);
        }
        return base.GetUtcNow().AddTicks(Interlocked.Read(ref _offsetTicks));
    }
}
