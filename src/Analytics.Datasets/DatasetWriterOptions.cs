using Analytics.DuckDb.Streaming;

namespace Analytics.Datasets;

/// <summary>Where a <see cref="DatasetWriter"/> writes and with which database.</summary>
public sealed record DatasetWriterOptions
{
    /// <summary>The database whose Parquet writer is used; by default a private in-memory one.</summary>
    public DuckDbDatabase? Database { get; init; }

    /// <summary>
    /// Stage-without-publish mode: files are written under this folder (<c>&lt;table&gt;/date=…/&lt;prefix&gt;-&lt;n&gt;.parquet</c>)
    /// by <see cref="DatasetWriter.Stage"/>, and the caller moves them into the dataset after its own commit point
    /// (<see cref="StagedFile.PublishInto"/>). Null (the default): <see cref="DatasetWriter.Commit"/> publishes into
    /// the dataset root directly. Put it on the dataset's filesystem so publishing is a rename.
    /// </summary>
    public string? StagingDirectory { get; init; }

    /// <summary>
    /// The partition date of snapshot tables (tables without <c>execution_start_time</c>, e.g. <c>state_machines</c>):
    /// the export's date, <c>&lt;table&gt;/date=YYYY-MM-DD/</c>. Required when the writer is given such a table.
    /// </summary>
    public DateOnly? SnapshotDate { get; init; }

    /// <summary>
    /// The COPYs (one per table and date being written) open at once across all tables; a new one beyond it finishes
    /// the least recently written file. Each costs DuckDB a connection, a thread and a Parquet writer's buffers: keep
    /// it within what the database's memory limit can hold.
    /// </summary>
    public int MaxOpenCopies { get; init; } = DefaultMaxOpenCopies;

    /// <summary>
    /// Where the COPYs' queued batch copies come from and go back to: give one that outlives the writer when writers
    /// follow one another (the export's chunks), so their buffers are reused. By default the writer's own.
    /// </summary>
    public BatchPool? BatchPool { get; init; }

    /// <summary>
    /// Rows (estimated bytes, all tables together) held in memory to be written one date at a time when finished,
    /// rather than through a COPY per date kept open; beyond it the date holding most streams. 0 streams every date.
    /// </summary>
    public long MaxHeldBytes { get; init; } = DefaultMaxHeldBytes;

    /// <summary>What one COPY queues before handing its rows to DuckDB.</summary>
    public const long DefaultMaxHeldBytes = 16L << 20;

    /// <summary>The import's four history tables with 8 dates each.</summary>
    public const int DefaultMaxOpenCopies = 32;
}
