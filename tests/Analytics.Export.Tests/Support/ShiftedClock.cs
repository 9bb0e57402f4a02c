namespace Analytics.Export.Tests.Support;

/// <summary>Real time, shifted by <paramref name="offset"/>.</summary>
internal sealed class ShiftedClock(TimeSpan offset) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + offset;

    /// <summary>This clock, <paramref name="by"/> later.</summary>
    public ShiftedClock Shifted(TimeSpan by) => new(offset + by);

    /// <summary>
    /// A clock whose UTC date stays the same for at least 12 hours from now: real time before noon UTC, else real time
    /// shifted to the next UTC midnight. Exports of one test run on it file their snapshot rows (and export_runs rows)
    /// under one date, as they do on the system clock unless the test straddles a UTC midnight (~1 run in 1,000 of a
    /// test taking a minute or two). It never runs behind real time: a partition compaction names its manifest record by
    /// the system clock (<c>DatasetStore.CompactionRunId</c>), and an export's record named before it would be folded
    /// before it.
    /// </summary>
    public static ShiftedClock SameDay()
    {
        var now = DateTimeOffset.UtcNow;
        return new(now.TimeOfDay <= TimeSpan.FromHours(12) ? TimeSpan.Zero : TimeSpan.FromDays(1) - now.TimeOfDay);
    }
}
