using System.Globalization;
using System.Text;
using Analytics.Core.Columns;
using Analytics.Core.Schemas;

namespace Analytics.Export.Manifest;

/// <summary>
/// A rollup compaction writes for each date: <c>&lt;table&gt;/date=D/rollup-&lt;key&gt;.parquet</c>, the rows of a table
/// macro of queries/_views.sql counted over just the date's source files, so a query counts far fewer rows
/// (<see cref="Duration"/>: latency_percentiles, latency_regressions; <see cref="Retry"/>: retry_advice). The key is a
/// hash of the views script and of the date's source files (path, size, rows) it was counted from: a rollup is current
/// only while both are unchanged, so a file added to the date later (an execution that closed late, a redrive) or
/// another definition of the counts makes queries count that date's rows again, until the next compaction counts it anew.
/// </summary>
public sealed class Rollup
{
    /// <summary>Duration samples per series and duration (<c>duration_counts</c>, written by <c>duration_rollup()</c>).</summary>
    public static Rollup Duration { get; } = new(RollupSchemas.DurationCounts, ["executions", "state_visits", "task_attempts"],
        "duration_rollup()", "series, ms");

    /// <summary>What retry_advice counts (<c>retry_counts</c>, written by <c>retry_rollup()</c>). Durable operations
    /// sit in their durable execution's start date, like it, so a date's files join by themselves.</summary>
    public static Rollup Retry { get; } = new(RollupSchemas.RetryCounts, ["task_attempts", "state_visits", "durable_operations", "durable_executions"],
        "retry_rollup()", "kind, account_id, region, state_machine, state_name, outcome, error, level, succeeded");

    /// <summary>Every rollup compaction writes.</summary>
    public static IReadOnlyList<Rollup> All { get; } = [Duration, Retry];

    private Rollup(TableSchema schema, IReadOnlyList<string> sources, string macro, string order) =>
        (Schema, Sources, Macro, Order) = (schema, sources, macro, order);

    /// <summary>The rollup's declared columns (<see cref="RollupSchemas"/>); its table folder is the schema's name.</summary>
    public TableSchema Schema { get; }

    public string Table => Schema.Name;

    /// <summary>The tables whose rows the rollup counts.</summary>
    public IReadOnlyList<string> Sources { get; }

    /// <summary>The table macro of the views script whose rows compaction writes (over one date's source files).</summary>
    public string Macro { get; }

    /// <summary>The order the rollup file's rows are written in.</summary>
    public string Order { get; }

    /// <summary>Whether a relative path is a file of any rollup.</summary>
    public static bool IsRollupFile(string path) => All.Any(r => path.StartsWith(r.Table + "/", StringComparison.Ordinal));

    /// <summary>The views script this build counts with (queries/_views.sql, embedded at build time).</summary>
    public static string ViewsScript { get; } = ReadViewsScript();

    /// <summary>The file name of the rollup counted with <paramref name="viewsScript"/> from <paramref name="sources"/>.</summary>
    public static string FileName(string viewsScript, IEnumerable<(string Path, FileStat? Stat)> sources)
    {
        ArgumentNullException.ThrowIfNull(viewsScript);
        var text = new StringBuilder(viewsScript).Append('\0');
        foreach (var (path, stat) in sources.OrderBy(s => s.Path, StringComparer.Ordinal))
        {
            text.Append(path).Append('\t').Append(stat?.Bytes).Append('\t').Append(stat?.Rows).Append('\n');
        }
        return string.Create(CultureInfo.InvariantCulture, $"rollup-{Fnv1a64(Encoding.UTF8.GetBytes(text.ToString())):x16}.parquet");
    }

    /// <summary>
    /// FNV-1a, 64 bits: a stable fingerprint for change detection. SHA-256 loaded OpenSSL into every query process
    /// (~40 ms of a 0.25 s <c>select 1</c>); nothing here guards against a forged file name.
    /// </summary>
    private static ulong Fnv1a64(ReadOnlySpan<byte> bytes)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in bytes)
        {
            hash = (hash ^ b) * 1099511628211UL;
        }
        return hash;
    }

    /// <summary>
    /// This rollup's files (relative paths) of <paramref name="files"/> that are current: named for the views script and
    /// their date's source files as they are now.
    /// </summary>
    public HashSet<string> Current(IEnumerable<string> files, IReadOnlyDictionary<string, FileStat> stats, string viewsScript)
    {
        ArgumentNullException.ThrowIfNull(stats);
        var current = new HashSet<string>(StringComparer.Ordinal);
        foreach (var date in files.Select(path => path.Split('/')).Where(parts => parts.Length == 3).GroupBy(parts => parts[1], StringComparer.Ordinal))
        {
            var rollups = date.Where(parts => parts[0] == Table).ToList();
            if (rollups.Count == 0)
            {
                continue;
            }
            var expected = FileName(viewsScript, SourcesOf(date, stats));
            current.UnionWith(rollups.Where(parts => parts[2] == expected).Select(parts => string.Join('/', parts)));
        }
        return current;
    }

    /// <summary>A date's source files (split paths of one date folder) with their facts.</summary>
    private IEnumerable<(string Path, FileStat? Stat)> SourcesOf(IEnumerable<string[]> date, IReadOnlyDictionary<string, FileStat> stats) =>
        date.Where(parts => Sources.Contains(parts[0]))
            .Select(parts => string.Join('/', parts))
            .Select(path => (path, stats.GetValueOrDefault(path)));

    private static string ReadViewsScript()
    {
        using var stream = typeof(Rollup).Assembly.GetManifestResourceStream("Analytics.Export.views.sql")
            ?? throw new InvalidOperationException("The views script is not embedded in Analytics.Export.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
