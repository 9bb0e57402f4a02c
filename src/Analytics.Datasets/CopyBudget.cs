using Analytics.DuckDb.Streaming;

namespace Analytics.Datasets;

/// <summary>
/// Caps what a dataset writer's tables hold at once. Open COPYs: each costs DuckDB a connection, a thread and a
/// Parquet writer's buffers (about a megabyte even for a few rows), and a chunk of an initial export spans many dates
/// in a dozen tables; uncapped they outgrew the export's 128 MB buffer pool. When every slot is taken, the least
/// recently written file of any table is finished (a later row of its date starts that date's next file). Held rows
/// (dates waiting in memory to be written one at a time, <see cref="DateRoutedWriter"/>): beyond
/// <see cref="MaxHeldBytes"/>, the date holding most becomes a streaming COPY. Used from the writer's one thread.
/// </summary>
internal sealed class CopyBudget(int maxOpen, long maxHeldBytes)
{
    private readonly List<DateRoutedWriter> _writers = [];
    private long _clock;
    private long _heldBytes;

    public int MaxOpen { get; } = maxOpen >= 1 ? maxOpen : throw new ArgumentOutOfRangeException(nameof(maxOpen));

    public long MaxHeldBytes { get; } = maxHeldBytes >= 0 ? maxHeldBytes : throw new ArgumentOutOfRangeException(nameof(maxHeldBytes));

    /// <summary>A time stamp for "last written", comparable across the tables.</summary>
    public long Tick() => ++_clock;

    public void Join(DateRoutedWriter writer) => _writers.Add(writer);

    public void Leave(DateRoutedWriter writer) => _writers.Remove(writer);

    /// <summary>Frees a slot for one more COPY when all are in use.</summary>
    public void MakeRoom()
    {
        var open = 0;
        DateRoutedWriter? oldest = null;
        foreach (var writer in _writers)
        {
            open += writer.OpenFiles;
            if (writer.OpenFiles > 0 && (oldest is null || writer.LeastRecentUse < oldest.LeastRecentUse))
            {
                oldest = writer;
            }
        }
        if (open >= MaxOpen)
        {
            oldest!.FinishLeastRecent();
        }
    }

    /// <summary>Hands the queued rows of every open file (all tables) to DuckDB once they add up to what one source
    /// would queue: each COPY's queue alone is bounded, but two dozen of them would hold two dozen queues.</summary>
    public void BoundQueued()
    {
        long rows = 0, bytes = 0;
        var open = 0;
        foreach (var writer in _writers)
        {
            open += writer.OpenFiles;
            var (pendingRows, pendingBytes) = writer.Pending();
            rows += pendingRows;
            bytes += pendingBytes;
        }
        if (open < 2 || (rows < DuckDbBatchSource.HandOverRows && bytes < DuckDbBatchSource.HandOverBytes))
        {
            return;
        }
        foreach (var writer in _writers)
        {
            writer.HandOverPending();
        }
    }

    /// <summary>Counts the bytes of batches a writer started (positive) or stopped (negative) holding; past the bound, the writer
    /// holding most streams its largest date.</summary>
    public void Held(long bytes)
    {
        _heldBytes += bytes;
        while (_heldBytes > MaxHeldBytes)
        {
            var largest = _writers.MaxBy(w => w.HeldBytes);
            if (largest is null || largest.HeldBytes == 0)
            {
                return;
            }
            largest.StreamLargestHeld();
        }
    }
}
