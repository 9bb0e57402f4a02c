using Analytics.Benchmarks.Corpus;
using Analytics.Core.Columns;
using Analytics.Core.Output;
using Analytics.Core.Schemas;
using Analytics.Core.StepFunctions;
using Analytics.DuckDb;
using Analytics.Datasets;
using Analytics.DuckDb.Streaming;
using Analytics.Export.Staging;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Analytics.Benchmarks;

/// <summary>
/// SPEC §8: JSON pages → Parquet on disk, on 100,000 executions. Baseline: DuckDB alone, read_json + unnest + COPY.
/// The fair comparison ("events only") has both sides write the same <c>events</c> columns with the same COPY options
/// (<see cref="ReadJsonSql"/>); ours runs the whole flattener (derivations included) and drops the derived tables.
/// "export" is what <c>analytics export</c> ships: the flattener into the export's chunk stage (the dataset writer),
/// staged per chunk. "4 tables" is the dataset writer with every events column plus state_visits, task_attempts and
/// executions.
/// DuckDB runs with one thread throughout, and the flattener runs on the benchmark thread: one core each side.
/// </summary>
[Config(typeof(Config))]
[MemoryDiagnoser]
public class ParquetPipelineBenchmarks
{
    public const int Executions = 100_000;

    /// <summary>The export's default chunk bound (<c>Export:ChunkExecutions</c>).</summary>
    private static readonly int s_exportChunk = new Analytics.Export.ExportOptions().ChunkExecutions;

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

    /// <summary>Removes the iteration's output (untimed), so a long run does not fill the disk.</summary>
    [IterationCleanup]
    public void RemoveOutput()
    {
        foreach (var folder in Directory.EnumerateDirectories(_folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Benchmark(Baseline = true, Description = "DuckDB read_json + unnest + COPY (events)")]
    public void DuckDbReadJson() => PipelineClock.Time(nameof(DuckDbReadJson), () =>
        _connection.Execute(ReadJsonSql.Copy(ReadJsonSql.Events(_pagesFile), NextTarget("duckdb"))));

    [Benchmark(Description = "Flattener → streamed COPY (events, same columns)")]
    public void FlattenerEventsStreamed() => PipelineClock.Time(nameof(FlattenerEventsStreamed), () =>
    {
        var target = NextTarget("ours");
        using var source = new DuckDbBatchSource(
            _database, TableSchemas.Events, from => ReadJsonSql.Copy(ReadJsonSql.FromSource(from), target), new UtcDateColumn("date", "execution_start_time", "unknown"));
        Flatten(new EventsOnlySink(source));
        source.Complete();
    });

    [Benchmark(Description = "Flattener → export's chunk stage (events, every column; staged per 2,000-execution chunk)")]
    public void FlattenerEventsExport() => PipelineClock.Time(nameof(FlattenerEventsExport), () =>
    {
        // What `export` runs: its chunk stage (the dataset writer on the export's DuckDB settings), staged and reset
        // every ChunkExecutions executions. It writes every events column (the baseline writes a subset).
        var target = NextTarget("export");
        using var stage = new ChunkStage(Path.Combine(target, "spill"), "bench", new DateOnly(2026, 12, 1));
        var chunk = 0;
        Flatten(new EventsOnlySink(stage), s_exportChunk, () =>
        {
            stage.StageFiles(Path.Combine(target, "staged"), $"chunk-{chunk++}");
            stage.Reset();
        });
        stage.StageFiles(Path.Combine(target, "staged"), $"chunk-{chunk}");
    });

    [Benchmark(Description = "Flattener → dataset writer (4 tables, all columns)")]
    public void FlattenerDataset() => PipelineClock.Time(nameof(FlattenerDataset), () =>
    {
        using var writer = new DatasetWriter(NextTarget("dataset"), "bench", ExecutionHistoryFlattener.Tables, new DatasetWriterOptions { Database = _database });
        Flatten(writer);
        writer.Commit();
    });

    /// <param name="sink">Where the flattener's batches go.</param>
    /// <param name="chunkExecutions">With <paramref name="endChunk"/>: the export's chunk bound, in executions.</param>
    /// <param name="endChunk">Called after every <paramref name="chunkExecutions"/> executions, once the flattener
    /// handed over what it holds (as the export commits a chunk).</param>
    private static void Flatten(IBatchSink sink, int chunkExecutions = 0, Action? endChunk = null)
    {
        var corpus = Corpus;
        using var flattener = new ExecutionHistoryFlattener(ExecutionHistoryFlattener.CreateOutput(sink));
        for (var execution = 0; execution < corpus.Executions; execution++)
        {
            flattener.BeginExecution(corpus.Arn(execution));
            for (var page = corpus.FirstPage[execution]; page < corpus.FirstPage[execution + 1]; page++)
            {
                flattener.AddPage(corpus.Page(page));
            }
            flattener.EndExecution();
            if (endChunk is not null && (execution + 1) % chunkExecutions == 0)
            {
                flattener.Flush();
                endChunk();
            }
        }
        flattener.Flush();
    }

    private string NextTarget(string side) => Path.Combine(_folder, $"{side}-{_run++}");

    /// <summary>Passes the events batches on and drops the derived tables' (the fair comparison's sink).</summary>
    private sealed class EventsOnlySink(IBatchSink events) : IBatchSink
    {
        public void Write(ColumnBatch batch)
        {
            if (ReferenceEquals(batch.Schema, TableSchemas.Events))
            {
                events.Write(batch);
            }
        }
    }

    private sealed class Config : ManualConfig
    {
        public Config() =>
            AddJob(Job.Dry.WithStrategy(RunStrategy.Monitoring).WithWarmupCount(1).WithIterationCount(3)
                .WithToolchain(new InProcessEmitToolchain(TimeSpan.FromMinutes(30), logOutput: true)).WithId("Monitoring-InProcess"));
    }
}
