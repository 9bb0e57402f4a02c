using Analytics.Core.Columns;
using Analytics.Core.Output;
using Analytics.DuckDb;
using Analytics.Datasets;
using Analytics.DuckDb.Streaming;

namespace Analytics.Export.Staging;

/// <summary>
/// The rows of the chunk being built, streamed as they come into DuckDB's Parquet writer by the dataset writer (the
/// one write path, shared with <c>import</c>): the flatteners' batches arrive through <see cref="IBatchSink"/>,
/// listing/Describe rows through <see cref="AddRow"/>. At commit time <see cref="StageFiles"/> finishes one Parquet
/// file per table and date in the chunk's staging folder; then the stage is reset. Used by one thread at a time (the
/// export's writer; the snapshot listers before the first unit).
/// </summary>
/// <remarks>
/// Memory: nothing is kept in tables. One database serves the whole run (opening one per chunk cost every chunk
/// fresh pages: a third of the export's CPU went to page faults); a chunk gives back what it used when its COPYs end,
/// and DuckDB's allocator returns freed pages to the system in the background, so the export's RSS stays flat. The
/// writers' batch copies come from one pool kept across chunks (allocating them per chunk cost ~5.5 GB per 100,000
/// executions); a chunk's rows wait in them per table and date (up to the writer's held-rows bound) and are written
/// one date at a time when staged. The buffer pool is
/// capped by <see cref="MemoryLimit"/>; the files being written and DuckDB's spill go to the shard's spill folder,
/// which is not a chunk staging folder (recovery and compaction look at those).
/// </remarks>
internal sealed class ChunkStage : IBatchSink, IDisposable
{
    /// <summary>DuckDB's buffer pool cap for one chunk.</summary>
    public const string MemoryLimit = "128MB";

    /// <summary>Files written at once within that limit: a chunk of an initial export spans many dates in a dozen
    /// tables, and with 8 open per table the Parquet writers' buffers outgrew it ("failed to pin block").</summary>
    public const int MaxOpenCopies = 24;

    private readonly string _spillFolder;
    private readonly string _streamFolder;
    private readonly string _runId;
    private readonly DateOnly _snapshotDate;
    private readonly Dictionary<string, long> _rows = new(StringComparer.Ordinal);
    private readonly Dictionary<TableSchema, ColumnBatch> _listed = [];
    private readonly BatchPool _pool = new();
    private readonly DuckDbDatabase _database;
    private readonly DuckDbConnection _connection;
    private DatasetWriter _writer;

    /// <param name="spillFolder">Where DuckDB may spill and files are written until staged (emptied now: nothing else uses it).</param>
    /// <param name="runId">The run's id: every row's <c>export_run_id</c>.</param>
    /// <param name="snapshotDate">The partition date of the snapshot tables (the export's date).</param>
    public ChunkStage(string spillFolder, string runId, DateOnly snapshotDate)
    {
        _spillFolder = Path.GetFullPath(spillFolder);
        _streamFolder = Path.Combine(_spillFolder, "stream");
        _runId = runId;
        _snapshotDate = snapshotDate;
        if (Directory.Exists(_spillFolder))
        {
            Directory.Delete(_spillFolder, recursive: true);
        }
        Directory.CreateDirectory(_spillFolder);
        _database = DuckDbDatabase.Open(config: Config(_spillFolder));
        DuckDbConnection? connection = null;
        try
        {
            connection = _database.Connect();
            // ChunkRewriter's list of executions to drop from committed files (it empties it before each use).
            connection.Execute("CREATE TABLE drop_arns (arn VARCHAR)");
            _connection = connection;
            _writer = NewWriter();
        }
        catch
        {
            connection?.Dispose();
            _database.Dispose();
            throw;
        }
    }

    /// <summary>The settings the run's chunk database is opened with.</summary>
    internal static DuckDbConfig Config(string spillFolder)
    {
        var config = new DuckDbConfig { Threads = 1, MemoryLimit = MemoryLimit };
        config.Options["preserve_insertion_order"] = "false";
        config.Options["temp_directory"] = spillFolder;
        // DuckDB's allocator (jemalloc) otherwise keeps freed pages of the last COPY until later allocations decay them.
        config.Options["allocator_background_threads"] = "true";
        // The run's chunks read committed files that earlier chunks replaced at the same path (redrive rewrites): no
        // cache of file contents may outlive a chunk.
        config.Options["enable_external_file_cache"] = "false";
        return config;
    }

    private DatasetWriter NewWriter() => new(_streamFolder, _runId, StagedTables.All, new DatasetWriterOptions
    {
        Database = _database,
        StagingDirectory = _streamFolder,
        SnapshotDate = _snapshotDate,
        MaxOpenCopies = MaxOpenCopies,
        BatchPool = _pool,
    });

    /// <summary>A connection of the chunk's database, for SQL over committed files (replacement, snapshot rows, footers).</summary>
    public DuckDbConnection Connection => _connection;

    /// <summary>Streams the batch's rows to its table's Parquet writer.</summary>
    public void Write(ColumnBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        _writer.Write(batch);
        _rows[batch.Schema.Name] = _rows.GetValueOrDefault(batch.Schema.Name) + batch.Count;
    }

    /// <summary>Starts a listing/Describe row of <paramref name="table"/> (every column null): the batch to set it in,
    /// and its index. Full batches are streamed out as the next row starts.</summary>
    public (ColumnBatch Batch, int Row) AddRow(TableSchema table)
    {
        if (!_listed.TryGetValue(table, out var batch))
        {
            _listed[table] = batch = new ColumnBatch(table);
        }
        if (batch.IsFull)
        {
            Write(batch);
            batch.Clear();
        }
        return (batch, batch.AddRow());
    }

    /// <summary>Rows of the table in this chunk so far.</summary>
    public long CountRows(string table) =>
        _rows.GetValueOrDefault(table) + _listed.Where(l => l.Key.Name == table).Sum(l => (long)l.Value.Count);

    /// <summary>
    /// Finishes every table's files and moves them under <paramref name="stagingFolder"/> as
    /// <c>&lt;table&gt;/date=YYYY-MM-DD/&lt;chunk&gt;-0.parquet</c>.
    /// </summary>
    /// <returns>The files (staged full path, final relative path) and the rows written per table.</returns>
    public (List<(string Staged, string Relative)> Files, IReadOnlyDictionary<string, long> Rows) StageFiles(string stagingFolder, string chunkName)
    {
        foreach (var batch in _listed.Values)
        {
            if (batch.Count > 0)
            {
                Write(batch);
                batch.Clear();
            }
        }
        var staged = _writer.Stage(chunkName);
        var files = new List<(string, string)>();
        foreach (var file in staged.Staged)
        {
            var path = Path.Combine(stagingFolder, file.RelativePath);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.Move(file.StagedPath, path);
            files.Add((path, file.RelativePath));
        }
        _rows.Clear();
        return (files, staged.Rows);
    }

    /// <summary>Starts the next chunk on the same database with a new writer: nothing of the last chunk is left (its
    /// rows, files and COPYs).</summary>
    public void Reset()
    {
        ClearChunk();
        if (Directory.Exists(_streamFolder))
        {
            Directory.Delete(_streamFolder, recursive: true);
        }
        _writer = NewWriter();
    }

    public void Dispose()
    {
        Close();
        if (Directory.Exists(_spillFolder))
        {
            Directory.Delete(_spillFolder, recursive: true);
        }
    }

    private void Close()
    {
        ClearChunk();
        _connection.Dispose();
        _database.Dispose();
    }

    private void ClearChunk()
    {
        foreach (var batch in _listed.Values)
        {
            batch.Clear();
        }
        _rows.Clear();
        _writer.Dispose();
    }
}
