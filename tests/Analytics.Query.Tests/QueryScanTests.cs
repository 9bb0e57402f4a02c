using System.Globalization;
using Analytics.Query.Tests.Dataset;

namespace Analytics.Query.Tests;

/// <summary>The named queries' cheaper forms (fewer rows decoded, no per-row ICU calendar work) give the same values.</summary>
public sealed class QueryScanTests
{
    [Fact]
    public void Utc_week_start_is_the_monday_date_trunc_gives_on_both_sides_of_1970_and_at_day_edges()
    {
        using var folder = new TempFolder();
        Directory.CreateDirectory(folder.Combine(DatasetViews.ManifestFolder));
        using var session = QuerySession.Open(folder.Path);

        // Every 37 minutes over five weeks around the epoch and around now, each instant and the microseconds next to
        // midnight; the session is UTC (_views.sql), so date_trunc's week is the UTC ISO week.
        var differing = session.Run("""
            WITH instants AS (
                SELECT unnest([t, t - INTERVAL 1 MICROSECOND, CAST(CAST(t AS DATE) AS TIMESTAMPTZ), CAST(CAST(t AS DATE) AS TIMESTAMPTZ) - INTERVAL 1 MICROSECOND]) AS ts
                FROM (FROM range(TIMESTAMPTZ '1969-12-15 00:00:00+00', TIMESTAMPTZ '1970-01-20 00:00:00+00', INTERVAL 37 MINUTE) AS r(t)
                      UNION ALL FROM range(TIMESTAMPTZ '2026-11-01 00:00:00+00', TIMESTAMPTZ '2026-12-07 00:00:00+00', INTERVAL 37 MINUTE))
            )
            SELECT count(*) AS instants, count(*) FILTER (WHERE utc_week_start(ts) IS DISTINCT FROM CAST(date_trunc('week', ts) AS DATE)) AS differing
            FROM instants
            """).Rows.Single();

        Assert.True(Convert.ToInt64(differing[0], CultureInfo.InvariantCulture) > 10_000);
        Assert.Equal(0L, Convert.ToInt64(differing[1], CultureInfo.InvariantCulture));
        Assert.Equal([new DateOnly(2026, 11, 30), null],
            session.Run("SELECT utc_week_start(TIMESTAMPTZ '2026-12-06 23:59:59.999999+00'), utc_week_start(NULL::TIMESTAMPTZ)").Rows.Single()
                .Select(v => v is DateTime d ? DateOnly.FromDateTime(d) : v is DateOnly o ? o : (DateOnly?)null));
    }

    [Fact]
    public void Top_errors_pushes_a_comparison_the_parquet_reader_applies_before_decoding_the_other_columns()
    {
        using var folder = new TempFolder();
        DatasetWriter.Write(new WorldGenerator(seed: 3) { Days = 2 }.Generate(), folder.Path);
        using var session = QuerySession.Open(folder.Path, new QuerySessionOptions { AllowWrites = true });
        var profile = folder.Combine("profile.json");

        // The profile names each Parquet scan's filters (EXPLAIN's drawing cuts wide plans off). An IN list alone
        // becomes an "optional" filter: row groups are pruned by min/max, but every row of every column read is
        // decoded before the filter runs above the scan.
        session.Run($"SET enable_profiling = 'json'; SET profiling_output = '{profile}'; " + session.Queries.Get("top_errors").Sql);
        var scans = File.ReadAllText(profile);

        Assert.Contains("status!='SUCCEEDED'", scans, StringComparison.Ordinal);
        Assert.Contains("outcome!='succeeded'", scans, StringComparison.Ordinal);
    }

    [Fact]
    public void Latency_percentiles_filters_state_visits_in_the_scan_keeping_what_the_in_list_kept()
    {
        using var folder = new TempFolder();
        DatasetWriter.Write(new WorldGenerator(seed: 3) { Days = 2 }.Generate(), folder.Path);
        using var session = QuerySession.Open(folder.Path, new QuerySessionOptions { AllowWrites = true });
        var profile = folder.Combine("profile.json");

        session.Run($"SET enable_profiling = 'json'; SET profiling_output = '{profile}'; " + session.Queries.Get("latency_percentiles").Sql);

        Assert.Contains("list_contains(['succeeded', 'caught'], outcome)", File.ReadAllText(profile), StringComparison.Ordinal);
        // The same rows as the IN list: NULL and other spellings are left out.
        var kept = session.Run("""
            SELECT count(*) FILTER (WHERE list_contains(['succeeded', 'caught'], o)), count(*) FILTER (WHERE o IN ('succeeded', 'caught'))
            FROM (VALUES ('succeeded'), ('caught'), ('failed'), ('aborted'), (NULL), ('Succeeded'), ('caught ')) AS t(o)
            """).Rows.Single();
        Assert.Equal([2L, 2L], kept.Select(v => Convert.ToInt64(v, CultureInfo.InvariantCulture)));
    }
}
