namespace Analytics.Emulator.Simulation.Truth;

/// <summary>
/// Nearest-rank percentiles, identical to DuckDB's <c>quantile_disc</c>: sort ascending x[0..n-1]; the p-quantile is
/// x[max(0, ceil(p·n) − 1)]. p is given in per-mille so that ceil(p·n) is exact integer arithmetic.
/// </summary>
public static class Percentiles
{
    public static long NearestRank(long[] sortedAscending, int perMille)
    {
        ArgumentOutOfRangeException.ThrowIfZero(sortedAscending.Length);
        ArgumentOutOfRangeException.ThrowIfNegative(perMille);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(perMille, 1000);
        var n = (long)sortedAscending.Length;
        var rank = (perMille * n + 999) / 1000;
        return sortedAscending[Math.Max(0, rank - 1)];
    }

    public static PercentileSummary? Summarize(List<long> values)
    {
        if (values.Count == 0)
        {
            return null;
        }
        var sorted = values.ToArray();
        Array.Sort(sorted);
        return new PercentileSummary(sorted.Length, NearestRank(sorted, 500), NearestRank(sorted, 900), NearestRank(sorted, 950),
            NearestRank(sorted, 990), sorted[^1]);
    }
}

/// <summary>Count, p50, p90, p95, p99 and max of a set of durations in milliseconds.</summary>
public sealed record PercentileSummary(long Count, long P50, long P90, long P95, long P99, long Max);
