using System.Text.Json;
using Analytics.Benchmarks.Corpus;
using Analytics.Core.Columns;
using Analytics.Core.Output;
using Analytics.Core.StepFunctions;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Analytics.Benchmarks;

/// <summary>
/// SPEC §8: the Step Functions flattener against a bare <see cref="Utf8JsonReader"/> token scan of the same page
/// bytes (the baseline, target ≥ 0.7× its events/s), and a naive JsonSerializer-to-objects path for reference, on
/// 100,000 synthetic executions. Allocations are reported per operation (one pass over the corpus); the printed
/// summary divides by the corpus's events.
/// </summary>
[Config(typeof(Config))]
[MemoryDiagnoser]
public class FlattenerBenchmarks
{
    public const int Executions = 100_000;

    private PageCorpus _corpus = null!;
    private ExecutionHistoryFlattener _flattener = null!;
    private CountingSink _sink = null!;

    /// <summary>The corpus, generated once per process (all benchmark cases share it).</summary>
    public static PageCorpus Corpus => s_corpus.Value;

    private static readonly Lazy<PageCorpus> s_corpus = new(() => PageCorpus.Generate(Executions, options: new GeneratorOptions { MaxMapItems = 3 }));

    [GlobalSetup]
    public void Setup()
    {
        _corpus = Corpus;
        _sink = new CountingSink();
        _flattener = new ExecutionHistoryFlattener(ExecutionHistoryFlattener.CreateOutput(_sink));
        Flatten(); // grow every buffer to its working size: what is measured is the steady state
    }

    [GlobalCleanup]
    public void Cleanup() => _flattener.Dispose();

    [Benchmark(Baseline = true, Description = "Utf8JsonReader token scan")]
    public long TokenScan()
    {
        var corpus = _corpus;
        long tokens = 0;
        for (var page = 0; page < corpus.Pages; page++)
        {
            var reader = new Utf8JsonReader(corpus.Page(page));
            while (reader.Read())
            {
                tokens++;
            }
        }
        return tokens;
    }

    [Benchmark(Description = "Flattener (events, visits, attempts, executions)")]
    public long Flatten()
    {
        var corpus = _corpus;
        var flattener = _flattener;
        long events = 0;
        for (var execution = 0; execution < corpus.Executions; execution++)
        {
            flattener.BeginExecution(corpus.Arn(execution));
            for (var page = corpus.FirstPage[execution]; page < corpus.FirstPage[execution + 1]; page++)
            {
                flattener.AddPage(corpus.Page(page));
            }
            events += flattener.EndExecution().EventCount;
        }
        flattener.Flush();
        return events;
    }

    [Benchmark(Description = "JsonSerializer to objects (naive reference)")]
    public long Deserialize()
    {
        var corpus = _corpus;
        long events = 0;
        for (var page = 0; page < corpus.Pages; page++)
        {
            var history = JsonSerializer.Deserialize<NaiveHistoryPage>(corpus.Page(page), NaiveHistoryPage.Options);
            events += history?.Events?.Count ?? 0;
        }
        return events;
    }

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            // In-process (no generated project to build) and short: the corpus is big enough to average over.
            AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance).WithId("ShortRun-InProcess"));
        }
    }

    /// <summary>Drops the rows (the DuckDB appender is measured elsewhere) but touches each batch.</summary>
    private sealed class CountingSink : IBatchSink
    {
        public long Rows { get; private set; }

        public void Write(ColumnBatch batch) => Rows += batch.Count;
    }
}
