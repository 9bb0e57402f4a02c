using System.Globalization;
using Analytics.DuckDb;
using Analytics.Query;
using BenchmarkDotNet.Attributes;

namespace Analytics.Benchmarks;

/// <summary>
/// SPEC §8: each named query over a generated dataset of 1,000,000 executions (~30 M events, 28 days) on 2 DuckDB
/// threads (target &lt; 1 s each). Baseline: the failure-rate question for one day's executions answered by DuckDB
/// straight from raw GetExecutionHistory JSON pages (read_json + unnest), against the same question from the Parquet
/// dataset. The dataset is generated once with DuckDB SQL and cached under the temp folder, keyed by
/// <see cref="DatasetVersion"/> and the size (ANALYTICS_BENCH_EXECUTIONS overrides 1,000,000 for a quick run).
/// </summary>
[MemoryDiagnoser]
public class NamedQueryBenchmarks
{
    private const string DatasetVersion = "v1";
    private static readonly DateTimeOffset s_firstDay = new(2026, 10, 26, 0, 0, 0, TimeSpan.Zero);
    private QuerySession _session = null!;
    private DuckDbDatabase _raw = null!;
    private DuckDbConnection _rawConnection = null!;
    private string _pages = null!;

    [ParamsSource(nameof(Queries))]
    public string Query { get; set; } = "failure_rates";

    public static IEnumerable<string> Queries => NamedQueries.Locate().All().Select(q => q.Name);

    [GlobalSetup]
    public void Setup()
    {
        var executions = long.Parse(Environment.GetEnvironmentVariable("ANALYTICS_BENCH_EXECUTIONS") ?? "1000000", CultureInfo.InvariantCulture);
        var root = Path.Combine(Path.GetTempPath(), "analytics-bench", $"named-queries-{DatasetVersion}-{executions}");
        BenchmarkDataset.EnsureExists(root, executions, s_firstDay);
        _pages = Path.Combine(root, "_pages");
        _session = QuerySession.Open(Path.Combine(root, "dataset"), new QuerySessionOptions { Threads = 2 });
        _raw = DuckDbDatabase.Open(null, new DuckDbConfig { Threads = 2 });
        _rawConnection = _raw.Connect();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _session.Dispose();
        _rawConnection.Dispose();
        _raw.Dispose();
    }

    [Benchmark(Description = "named query, whole dataset")]
    public int NamedQuery() => _session.RunNamed(Query).Rows.Count;

    /// <summary>The failure-rate question for the first day from the Parquet views (compare with the baseline below).</summary>
    [Benchmark(Description = "failure rates, one day, Parquet views")]
    public int FailureRatesOneDayParquet() =>
        _session.RunNamed("failure_rates", QueryParameters.Window(s_firstDay, s_firstDay.AddDays(1))).Rows.Count;

    /// <summary>Baseline: the same question for the same executions from their raw history pages.</summary>
    [Benchmark(Baseline = true, Description = "failure rates, one day, raw JSON pages (read_json)")]
    public int FailureRatesOneDayJsonPages()
    {
        using var result = _rawConnection.Query($"""
            WITH events AS (
                SELECT filename, unnest(events) AS e FROM read_json({DuckDbSql.Literal(_pages + "/*.json")}, filename = true)
            ),
            runs AS (
                SELECT filename,
                       max(e.executionStartedEventDetails.stateMachineArn) AS state_machine_arn,
                       max(e.type) FILTER (WHERE e.type IN ('ExecutionSucceeded', 'ExecutionFailed', 'ExecutionTimedOut', 'ExecutionAborted')) AS final
                FROM events GROUP BY filename
            )
            SELECT state_machine_arn, count(*) AS executions,
                   count(*) FILTER (WHERE final <> 'ExecutionSucceeded')::DOUBLE / nullif(count(final), 0) AS failure_rate
            FROM runs GROUP BY state_machine_arn ORDER BY state_machine_arn
            """);
        return QueryTable.Read(result).Rows.Count;
    }
}
