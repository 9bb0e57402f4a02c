using Analytics.Emulator.World;

namespace Analytics.Emulator.Simulation;

/// <summary>
/// When each execution of one resource starts, by index, without materializing anything: a day's count comes from
/// the traffic model (plus seeded noise), and execution j of a day with c executions starts at the hourly profile's
/// inverse CDF of (j + u)/c, u uniform from the execution's own stream. Start times therefore grow with the index, and
/// "how many have started by T" is a binary search.
/// </summary>
internal sealed class TrafficSchedule
{
    private const long DayMs = 86_400_000;
    private readonly long _firstDayMs;
    private readonly long[] _cumulative;
    private readonly double[] _hourCdf;
    private readonly long _seed;
    private readonly ulong _key;

    public TrafficSchedule(TrafficSpec spec, int days, DateTimeOffset anchor, double scale, long seed, ulong key)
    {
        _seed = seed;
        _key = key;
        var anchorDay = anchor.ToUnixTimeMilliseconds() / DayMs * DayMs;
        _firstDayMs = anchorDay - (days - 1) * DayMs;
        _cumulative = new long[days + 1];
        for (var d = 0; d < days; d++)
        {
            var multiplier = spec.DailyProfile is { Length: > 0 } profile ? profile[d % profile.Length] : 1.0;
            var mean = Math.Max(0, spec.PerDay * scale * multiplier);
            var rng = SimRandom.For(seed, key, 0xDA7, (ulong)d);
            var count = mean <= 0 ? 0 : Math.Max(0, (long)Math.Round(mean + Math.Sqrt(mean) * 0.5 * rng.NextNormal()));
            _cumulative[d + 1] = _cumulative[d] + count;
        }
        var weights = spec.HourlyProfile is { Length: 24 } h ? h : Enumerable.Repeat(1.0, 24).ToArray();
        var total = weights.Sum();
        _hourCdf = new double[25];
        for (var i = 0; i < 24; i++)
        {
            _hourCdf[i + 1] = _hourCdf[i] + weights[i] / total;
        }
        _hourCdf[24] = 1.0;
    }

    public long Count => _cumulative[^1];

    public long FirstDayMs => _firstDayMs;

    public long StartMs(long index)
    {
        var day = Array.BinarySearch(_cumulative, index);
        day = day >= 0 ? day : ~day - 1;
        while (day + 1 < _cumulative.Length && _cumulative[day + 1] <= index)
        {
            day++;
        }
        var inDay = index - _cumulative[day];
        var perDay = _cumulative[day + 1] - _cumulative[day];
        var u = SimRandom.For(_seed, _key, 0x57A7, (ulong)index).NextDouble();
        var fraction = (inDay + u) / perDay;
        return _firstDayMs + day * DayMs + (long)(InverseHourCdf(fraction) * DayMs);
    }

    /// <summary>The number of executions that started at or before <paramref name="epochMs"/>.</summary>
    public long CountStartedBy(long epochMs)
    {
        long lo = 0, hi = Count;
        while (lo < hi)
        {
            var mid = lo + (hi - lo) / 2;
            if (StartMs(mid) <= epochMs)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }
        return lo;
    }

    /// <summary>Maps a fraction of the day's executions to a fraction of the day's time.</summary>
    private double InverseHourCdf(double fraction)
    {
        for (var h = 0; h < 24; h++)
        {
            if (fraction < _hourCdf[h + 1] || h == 23)
            {
                var width = _hourCdf[h + 1] - _hourCdf[h];
                var within = width <= 0 ? 0 : Math.Clamp((fraction - _hourCdf[h]) / width, 0, 0.999999);
                return (h + within) / 24.0;
            }
        }
        return 0.999999;
    }
}
