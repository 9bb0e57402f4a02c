using Analytics.Export.Manifest;

namespace Analytics.Export.Tests.Manifest;

/// <summary>A date's duration rollup is read only while it matches the date's source files and the views script.</summary>
public sealed class DurationRollupTests
{
    private const string Script = "-- the views script";

    private static readonly Dictionary<string, FileStat> s_stats = new(StringComparer.Ordinal)
    {
        ["executions/date=2026-11-20/compact-a.parquet"] = new(1_000, 10),
        ["state_visits/date=2026-11-20/compact-a.parquet"] = new(2_000, 40),
        ["task_attempts/date=2026-11-20/compact-a.parquet"] = new(3_000, 30),
    };

    private static string RollupFile(IReadOnlyDictionary<string, FileStat> stats) =>
        $"duration_counts/date=2026-11-20/{Rollup.FileName(Script, stats.Select(s => (s.Key, (FileStat?)s.Value)))}";

    private static List<string> Files(params string[] more) =>
        [.. s_stats.Keys, RollupFile(s_stats), "events/date=2026-11-20/compact-a.parquet", "executions/date=2026-11-21/x.parquet", .. more];

    [Fact]
    public void A_rollup_counted_from_its_dates_files_is_current_and_other_tables_and_dates_do_not_matter()
    {
        Assert.Equal([RollupFile(s_stats)], Rollup.Duration.Current(Files(), s_stats, Script));
    }

    [Fact]
    public void A_file_added_to_the_date_later_makes_it_stale()
    {
        Assert.Empty(Rollup.Duration.Current(Files("task_attempts/date=2026-11-20/late.parquet"), s_stats, Script));
    }

    [Fact]
    public void A_source_file_rewritten_in_place_makes_it_stale()
    {
        // A redrive's re-export rewrites the merged file under the same name with fewer rows.
        var rewritten = new Dictionary<string, FileStat>(s_stats, StringComparer.Ordinal) { ["state_visits/date=2026-11-20/compact-a.parquet"] = new(1_900, 38) };
        Assert.Empty(Rollup.Duration.Current(Files(), rewritten, Script));
    }

    [Fact]
    public void Another_views_script_makes_it_stale()
    {
        Assert.Empty(Rollup.Duration.Current(Files(), s_stats, Script + "\n-- changed"));
    }

    [Fact]
    public void Each_rollup_is_current_by_its_own_sources()
    {
        // durable_operations is a source of the retry rollup only: a file added to it leaves the duration rollup current.
        var retry = $"retry_counts/date=2026-11-20/{Rollup.FileName(Script, [("state_visits/date=2026-11-20/compact-a.parquet", s_stats["state_visits/date=2026-11-20/compact-a.parquet"]), ("task_attempts/date=2026-11-20/compact-a.parquet", s_stats["task_attempts/date=2026-11-20/compact-a.parquet"])])}";
        var files = Files(retry, "durable_operations/date=2026-11-20/late.parquet");
        Assert.Equal([RollupFile(s_stats)], Rollup.Duration.Current(files, s_stats, Script));
        Assert.Empty(Rollup.Retry.Current(files, s_stats, Script));
        Assert.Equal([retry], Rollup.Retry.Current(Files(retry), s_stats, Script));
    }

    [Fact]
    public void The_embedded_views_script_is_the_query_layers()
    {
        var onDisk = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "queries", "_views.sql"));
        Assert.Equal(onDisk, Rollup.ViewsScript);
    }
}
