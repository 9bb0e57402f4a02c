using System.Runtime.CompilerServices;

namespace Analytics.Export.Tests.Support;

/// <summary>
/// A clock that stands still at <paramref name="start"/> but for a leap of <paramref name="leap"/> each time the count
/// <see cref="Steps"/> reads (e.g. an export's API calls so far) has grown by <paramref name="every"/>: its time passes
/// with the work done, whatever the machine's speed or load. <see cref="Ahead"/> gives the same clock a fixed time
/// ahead (a server's clock, or a request's time in transit).
/// </summary>
internal sealed class SteppedClock : TimeProvider
{
    private readonly DateTimeOffset _start;
    private readonly TimeSpan _leap;
    private readonly long _every;
    private readonly TimeSpan _ahead;
    private readonly StrongBox<Func<long>> _steps;

    public SteppedClock(DateTimeOffset start, TimeSpan leap, long every)
        : this(start, leap, every, TimeSpan.Zero, new StrongBox<Func<long>>(() => 0))
    {
    }

    private SteppedClock(DateTimeOffset start, TimeSpan leap, long every, TimeSpan ahead, StrongBox<Func<long>> steps)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(every, 1);
        (_start, _leap, _every, _ahead, _steps) = (start, leap, every, ahead, steps);
    }

    /// <summary>The count the leaps follow (shared with every <see cref="Ahead"/> of this clock); 0 until set.</summary>
    public Func<long> Steps
    {
        get => _steps.Value!;
        set => _steps.Value = value;
    }

    /// <summary>How many leaps the clock has made.</summary>
    public long Leaps => Steps() / _every;

    public override DateTimeOffset GetUtcNow() => _start + _ahead + (_leap * Leaps);

    /// <summary>This clock, <paramref name="by"/> ahead.</summary>
    public SteppedClock Ahead(TimeSpan by) => new(_start, _leap, _every, _ahead + by, _steps);
}
