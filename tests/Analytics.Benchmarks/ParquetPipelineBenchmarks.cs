using Analytics.Benchmarks.Corpus;
using Analytics.Core.StepFunctions;
using Analytics.DuckDb;
using Analytics.DuckDb.Dataset;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Analytics.Benchmarks;

/// <summary>
/// SPEC §8: JSON pages → Parquet on disk. Ours: flattener → chunk appender → DuckDB's Parquet writer, producing
/// events, state_visits, task_attempts and executions. Baseline: DuckDB alone, read_json + unnest + COPY producing
/// the events columns only. Both run DuckDB with one thread (the flattener uses one core). Corpus: 10,000 executions.
/// </summary>
[Config(typeof(Config))]
[MemoryDiagnoser]
public class ParquetPipelineBenchmarks
{
    public const int Executions = 10_000;

    private static readonly Lazy<PageCorpus> s_corpus = new(() => PageCorpus.Generate(Executions, seed: 7, options: new GeneratorOptions { MaxMapItems = 3 }));

    private string _folder = null!;
    private string _pagesFile = null!;
    private DuckDbDatabase _database = null!;
    private DuckDbConnection _connection = null!;
    private int _run;

    public static PageCorpus Corpus => s_corpus.Value;

    [GlobalSetup]
    public void Setup()
    {
        _folder = Path.Combine(Path.GetTempPath(), "analytics-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
        // DuckDB reads the very same page bytes, one page per line.
        _pagesFile = Path.Combine(_folder, "pages.ndjson");
        using (var file = File.Create(_pagesFile))
        {
            for (var page = 0; page < Corpus.Pages; page++)
            {
                file.Write(Corpus.Page(page));
                file.WriteByte((byte)'\n');
            }
        }
        _database = DuckDbDatabase.Open(config: new DuckDbConfig { Threads = 1 });
        _connection = _database.Connect();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _connection.Dispose();
        _database.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Benchmark(Baseline = true, Description = "DuckDB read_json + unnest + COPY (events only)")]
    public void DuckDbReadJson()
    {
        var target = Path.Combine(_folder, $"duckdb-{_run++}.parquet");
        _connection.Execute($"COPY ({ReadJsonSql.Events(_pagesFile)}) TO {DuckDbSql.Literal(target)} (FORMAT parquet, COMPRESSION zstd)");
    }

    [Benchmark(Description = "Flattener → appender → Parquet (4 tables)")]
    public void Flattener()
    {
        var corpus = Corpus;
        using var writer = new DatasetWriter(Path.Combine(_folder, $"ours-{_run++}"), "bench", ExecutionHistoryFlattener.Tables, _connection);
        using var flattener = new ExecutionHistoryFlattener(ExecutionHistoryFlattener.CreateOutput(writer));
        for (var execution = 0; execution < corpus.Executions; execution++)
        {
            flattener.BeginExecution(corpus.Arn(execution));
            for (var page = corpus.FirstPage[execution]; page < corpus.FirstPage[execution + 1]; page++)
            {
                flattener.AddPage(corpus.Page(page));
            }
            flattener.EndExecution();
        }
        flattener.Flush();
        writer.Commit();
    }

    private sealed class Config : ManualConfig
    {
        public Config() =>
            AddJob(Job.Dry.WithStrategy(RunStrategy.Monitoring).WithWarmupCount(1).WithIterationCount(3)
                .WithToolchain(InProcessEmitToolchain.Instance).WithId("Monitoring-InProcess"));
    }
}
