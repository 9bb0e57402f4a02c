using Analytics.Benchmarks.Corpus;
using Analytics.Core.Columns;
using Analytics.Core.Output;
using Analytics.Core.Schemas;
using Analytics.Core.StepFunctions;
using Analytics.DuckDb;
using Analytics.Datasets;
using Analytics.DuckDb.Streaming;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Analytics.Benchmarks;

/// <summary>
/// SPEC §8: JSON pages → Parquet on disk, on 100,000 executions. Baseline: DuckDB alone, read_json + unnest + COPY,
/// one per category. "17 columns": both sides write the same 17 <c>events</c> columns that the page JSON alone
/// determines, with the same COPY options (<see cref="ReadJsonSql"/>); ours runs the whole flattener (derivations
/// included) and drops the derived tables. "every column": the baseline writes every <c>events</c> column the export
/// writes, in the export's file layout (<see cref="ReadJsonSql.EveryEventColumn"/>; a test holds its rows equal to the
/// export line's); against it, "export" is what <c>analytics export</c> ships (<see cref="ExportLine"/>: the
/// flattener into the export's chunk stage, staged per chunk) and "4 tables" is the dataset writer with every events
/// column plus state_visits, task_attempts and executions.
/// DuckDB runs with one thread throughout, and the flattener runs on the benchmark thread: one core each side.
/// </summary>
[Config(typeof(Config))]
[MemoryDiagnoser]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class ParquetPipelineBenchmarks
{
    public const int Executions = 100_000;

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
        _pagesFile = Path.Combine(_folder, "pages.ndjson");
        Corpus.WriteNdjson(_pagesFile);
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

    /// <summary>Removes the iteration's output (untimed), so a long run does not fill the disk.</summary>
    [IterationCleanup]
    public void RemoveOutput()
    {
        foreach (var folder in Directory.EnumerateDirectories(_folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Lines compared on the 17 events columns the page JSON alone determines.</summary>
    public const string SameColumns = "17 columns";

    /// <summary>Lines compared on every events column the export writes (<see cref="ReadJsonSql.EveryEventColumn"/>).</summary>
    public const string EveryColumn = "every column";

    [BenchmarkCategory(SameColumns)]
    [Benchmark(Baseline = true, Description = "DuckDB read_json + unnest + COPY (events)")]
    public void DuckDbReadJson() => PipelineClock.Time(nameof(DuckDbReadJson), () =>
        _connection.Execute(ReadJsonSql.Copy(ReadJsonSql.Events(_pagesFile), NextTarget("duckdb"))));

    [BenchmarkCategory(EveryColumn)]
    [Benchmark(Baseline = true, Description = "DuckDB read_json + unnest + recursive CTE + COPY (events, every column)")]
    public void DuckDbReadJsonEveryColumn() => PipelineClock.Time(nameof(DuckDbReadJsonEveryColumn), () =>
        _connection.Execute(ReadJsonSql.CopyEveryColumn(ReadJsonSql.EveryEventColumn(_pagesFile), NextTarget("duckdb-every"))));

    /// <summary>The baseline without its walk of the previousEventId graph: less work than the export's (the state
    /// columns only where an event names its state), so the export line's ratio to it is a lower bound.</summary>
    [BenchmarkCategory(EveryColumn)]
    [Benchmark(Description = "DuckDB read_json + unnest + COPY (events, every column; no state walk: less work)")]
    public void DuckDbReadJsonEveryColumnNoWalk() => PipelineClock.Time(nameof(DuckDbReadJsonEveryColumnNoWalk), () =>
        _connection.Execute(ReadJsonSql.CopyEveryColumn(ReadJsonSql.EveryEventColumn(_pagesFile, walk: false), NextTarget("duckdb-nowalk"))));

    [BenchmarkCategory(SameColumns)]
    [Benchmark(Description = "Flattener → streamed COPY (events, same columns)")]
    public void FlattenerEventsStreamed() => PipelineClock.Time(nameof(FlattenerEventsStreamed), () =>
    {
        var target = NextTarget("ours");
        using var source = new DuckDbBatchSource(
            _database, TableSchemas.Events, from => ReadJsonSql.Copy(ReadJsonSql.FromSource(from), target), new UtcDateColumn("date", "execution_start_time", "unknown"));
        Flatten(new ExportLine.EventsOnlySink(source));
        source.Complete();
    });

    [BenchmarkCategory(EveryColumn)]
    [Benchmark(Description = "Flattener → export's chunk stage (events, every column; staged per 2,000-execution chunk)")]
    public void FlattenerEventsExport() => PipelineClock.Time(nameof(FlattenerEventsExport), () =>
        ExportLine.WriteEvents(Corpus, NextTarget("export")));

    [BenchmarkCategory(EveryColumn)]
    [Benchmark(Description = "Flattener → dataset writer (4 tables, all columns)")]
    public void FlattenerDataset() => PipelineClock.Time(nameof(FlattenerDataset), () =>
    {
        using var writer = new DatasetWriter(NextTarget("dataset"), "bench", ExecutionHistoryFlattener.Tables, new DatasetWriterOptions { Database = _database });
        Flatten(writer);
        writer.Commit();
    });

    private static void Flatten(IBatchSink sink) => ExportLine.Flatten(Corpus, sink);

    private string NextTarget(string side) => Path.Combine(_folder, $"{side}-{_run++}");

    private sealed class Config : ManualConfig
    {
        public Config() =>
            AddJob(Job.Dry.WithStrategy(RunStrategy.Monitoring).WithWarmupCount(1).WithIterationCount(3)
                .WithToolchain(new InProcessEmitToolchain(TimeSpan.FromMinutes(30), logOutput: true)).WithId("Monitoring-InProcess"));
    }
}
