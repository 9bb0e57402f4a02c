using System.Runtime.CompilerServices;

namespace Analytics.DuckDb.Streaming;

/// <summary>
/// The UTC calendar day of an epoch-microsecond timestamp, as whole days since 1970-01-01: computed from the integer,
/// so no time-zone setting can shift it. Days outside years 1–9999 have no date.
/// </summary>
internal static class UtcDays
{
    private const long MicrosPerDay = 86_400_000_000;
    private static readonly int s_epochDayNumber = DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber;
    private static readonly long s_minDay = DateOnly.MinValue.DayNumber - s_epochDayNumber;
    private static readonly long s_maxDay = DateOnly.MaxValue.DayNumber - s_epochDayNumber;

    /// <summary>The timestamp's day (rounded down, also before 1970); false outside years 1–9999.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryGetDay(long micros, out int day)
    {
        var days = Math.DivRem(micros, MicrosPerDay, out var rest) - (rest < 0 ? 1 : 0);
        day = (int)days;
        return days >= s_minDay && days <= s_maxDay;
    }

    public static DateOnly ToDate(int day) => DateOnly.FromDayNumber(day + s_epochDayNumber);

    public static int FromDate(DateOnly date) => date.DayNumber - s_epochDayNumber;
}
