using System.Globalization;
using Analytics.DuckDb;
using Analytics.Query;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Analytics.Benchmarks;

/// <summary>
/// SPEC §8: each named query over a generated dataset of 1,000,000 executions (~30 M events, 28 days) on 2 DuckDB
/// threads; target &lt; 1 s each. The dataset is generated once with DuckDB SQL and cached under the temp folder
/// (see <see cref="BenchmarkDataset"/>); ANALYTICS_BENCH_EXECUTIONS overrides the size for a quick run.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(WholeQueryJob))]
public class NamedQueryBenchmarks
{
    private QuerySession _session = null!;

    [ParamsSource(nameof(Queries))]
    public string Query { get; set; } = "failure_rates";

    public static IEnumerable<string> Queries => NamedQueries.Locate().All().Select(q => q.Name);

    [GlobalSetup]
    public void Setup() => _session = QuerySession.Open(BenchmarkDataset.Ensure().Dataset, new QuerySessionOptions { Threads = 2 });

    [GlobalCleanup]
    public void Cleanup() => _session.Dispose();

    [Benchmark(Description = "named query over the whole dataset")]
    public int NamedQuery() => _session.RunNamed(Query).Rows.Count;
}

/// <summary>
/// The failure-rate question for the dataset's first day (about 1/28 of the executions) answered from the Parquet
/// views, against the baseline: DuckDB straight from the same executions' raw GetExecutionHistory JSON pages
/// (read_json + unnest), same threads, same run.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(WholeQueryJob))]
public class FailureRateBaselineBenchmarks
{
    private QuerySession _session = null!;
    private DuckDbDatabase _raw = null!;
    private DuckDbConnection _rawConnection = null!;
    private string _pages = null!;

    [GlobalSetup]
    public void Setup()
    {
        var paths = BenchmarkDataset.Ensure();
        _pages = paths.Pages;
        _session = QuerySession.Open(paths.Dataset, new QuerySessionOptions { Threads = 2 });
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

    [Benchmark(Description = "failure rates, first day, Parquet views")]
    public int FromParquet() =>
        _session.RunNamed("failure_rates", QueryParameters.Window(BenchmarkDataset.FirstDay, BenchmarkDataset.FirstDay.AddDays(1))).Rows.Count;

    [Benchmark(Baseline = true, Description = "failure rates, first day, raw JSON pages (read_json)")]
    public int FromJsonPages()
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

/// <summary>
/// Queries run for tenths of a second (the read_json baseline for seconds): a few measured runs after one warm-up
/// say what is needed, where BenchmarkDotNet's default job would spend an hour on pilot and overhead runs. In process:
/// a generated project's build can pass BenchmarkDotNet's two-minute build timeout on a busy 2-core machine.
/// </summary>
internal sealed class WholeQueryJob : ManualConfig
{
    public WholeQueryJob() =>
        AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithStrategy(RunStrategy.Monitoring).WithLaunchCount(1).WithWarmupCount(1).WithIterationCount(5)
            .WithId("WholeQuery"));
}
