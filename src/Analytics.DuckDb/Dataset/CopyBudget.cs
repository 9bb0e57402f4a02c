namespace Analytics.DuckDb.Dataset;

/// <summary>
/// Caps the COPYs a dataset writer keeps open at once across all its tables. Each open COPY costs DuckDB a connection,
/// a thread and a Parquet writer's buffers (about a megabyte even for a few rows): a chunk of an initial export spans
/// many dates in a dozen tables, and uncapped they outgrew the export's 128 MB buffer pool. When every slot is taken,
/// the least recently written file of any table is finished (a later row of its date starts that date's next file).
/// Used from the writer's one thread.
/// </summary>
internal sealed class CopyBudget(int maxOpen)
{
    private readonly List<DateRoutedWriter> _writers = [];
    private long _clock;

    public int MaxOpen { get; } = maxOpen >= 1 ? maxOpen : throw new ArgumentOutOfRangeException(nameof(maxOpen));

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
}
