using Analytics.Benchmarks.Corpus;
using Analytics.Core.Columns;
using Analytics.Core.Output;
using Analytics.Core.Schemas;
using Analytics.Core.StepFunctions;
using Analytics.Export.Staging;

namespace Analytics.Benchmarks;

/// <summary>
/// The pipeline benchmarks' runs of the flattener over a <see cref="PageCorpus"/>, and the export line itself: what
/// <c>analytics export</c> runs per chunk (the flattener into its chunk stage: the dataset writer on the export's
/// DuckDB settings, staged and reset every chunk). Shared with the test that holds the read_json baseline's output
/// equal to it (<c>ReadJsonBaselineTests</c>).
/// </summary>
internal static class ExportLine
{
    /// <summary>The export's default chunk bound (<c>Export:ChunkExecutions</c>).</summary>
    public static readonly int ChunkExecutions = new Analytics.Export.ExportOptions().ChunkExecutions;

    /// <summary>Writes the corpus's <c>events</c> rows (every column) as the export does: Hive <c>date=</c> folders
    /// under <c>target/staged/events</c>, one file per date per chunk.</summary>
    public static void WriteEvents(PageCorpus corpus, string target, string runId = "bench", int chunkExecutions = 0)
    {
        chunkExecutions = chunkExecutions > 0 ? chunkExecutions : ChunkExecutions;
        using var stage = new ChunkStage(Path.Combine(target, "spill"), runId, new DateOnly(2026, 12, 1));
        var chunk = 0;
        Flatten(corpus, new EventsOnlySink(stage), chunkExecutions, () =>
        {
            stage.StageFiles(Path.Combine(target, "staged"), $"chunk-{chunk++}");
            stage.Reset();
        });
        stage.StageFiles(Path.Combine(target, "staged"), $"chunk-{chunk}");
    }

    /// <param name="sink">Where the flattener's batches go.</param>
    /// <param name="chunkExecutions">With <paramref name="endChunk"/>: the export's chunk bound, in executions.</param>
    /// <param name="endChunk">Called after every <paramref name="chunkExecutions"/> executions, once the flattener
    /// handed over what it holds (as the export commits a chunk).</param>
    public static void Flatten(PageCorpus corpus, IBatchSink sink, int chunkExecutions = 0, Action? endChunk = null)
    {
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

    /// <summary>Passes the events batches on and drops the derived tables' (the events-only lines' sink).</summary>
    public sealed class EventsOnlySink(IBatchSink events) : IBatchSink
    {
        public void Write(ColumnBatch batch)
        {
            if (ReferenceEquals(batch.Schema, TableSchemas.Events))
            {
                events.Write(batch);
            }
        }
    }
}
