using Analytics.Core.Columns;
using Analytics.Core.Output;
using Analytics.DuckDb.Parquet;
using Analytics.DuckDb.Streaming;

namespace Analytics.Datasets;

/// <summary>
/// Writes history-table batches into the dataset as
/// <c>DIR/&lt;table&gt;/date=YYYY-MM-DD/&lt;run-id&gt;-&lt;n&gt;.parquet</c>, partitioned by the UTC date of each row's
/// <c>execution_start_time</c> (<see cref="UnknownDate"/> when it is not known), every row with the writer's
/// <c>export_run_id</c>. Batches stream straight into DuckDB's Parquet writer (a plain COPY per table and date, the
/// rows routed by us: <see cref="DateRoutedWriter"/>), so nothing is staged in a table; <see cref="Commit"/> finishes the
/// files and renames them into place, <see cref="Discard"/> drops them. In stage-without-publish mode
/// (<see cref="DatasetWriterOptions.StagingDirectory"/>), <see cref="Stage"/> leaves the finished files in the staging
/// folder for the caller to publish after its own commit point. Use as the flatteners' sink, from one thread.
/// </summary>
public sealed partial class DatasetWriter : IBatchSink, IDisposable
{
    /// <summary>
    /// The partition of rows whose execution start is unknown (e.g. an imported page without ExecutionStarted):
    /// their <c>date</c> is NULL, written as Hive's default partition (as DuckDB's <c>PARTITION_BY</c> names it), which
    /// DuckDB, Athena, Spark and Trino read back as a NULL date. The one rule for the import and the export (both write through <see cref="DateRoutedWriter"/>).
    /// </summary>
    public const string UnknownDate = "__HIVE_DEFAULT_PARTITION__";

    private readonly DuckDbDatabase _database;
    private readonly bool _ownsDatabase;
    private readonly string? _stagingDirectory;
    private readonly Dictionary<string, TableStream> _tables = new(StringComparer.Ordinal);
    private readonly CopyBudget _copies;
    private readonly BatchPool _pool;

    /// <param name="root">The dataset root (<c>--out DIR</c>).</param>
    /// <param name="runId">The export/import run id: file-name prefix and <c>export_run_id</c> value.</param>
    /// <param name="tables">The tables batches may belong to: each has an <c>execution_start_time</c> column, or is a
    /// snapshot table, partitioned by <see cref="DatasetWriterOptions.SnapshotDate"/>.</param>
    /// <param name="options">The database to use, the stage-without-publish mode and the snapshot date.</param>
    public DatasetWriter(string root, string runId, IEnumerable<TableSchema> tables, DatasetWriterOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        ArgumentNullException.ThrowIfNull(tables);
        CheckFileNamePart(runId, nameof(runId));
        options ??= new DatasetWriterOptions();
        Root = Path.GetFullPath(root);
        RunId = runId;
        _stagingDirectory = options.StagingDirectory is null ? null : Path.GetFullPath(options.StagingDirectory);
        foreach (var schema in tables)
        {
            var snapshot = schema.IndexOf("execution_start_time") < 0;
            if (snapshot && options.SnapshotDate is null)
            {
                throw new ArgumentException($"Table '{schema.Name}' has no execution_start_time column to partition by, and no snapshot date was given.", nameof(tables));
            }
            _tables.Add(schema.Name, new TableStream(schema, snapshot ? options.SnapshotDate : null));
        }
        _copies = new CopyBudget(options.MaxOpenCopies, options.MaxHeldBytes);
        _pool = options.BatchPool ?? new BatchPool();
        _ownsDatabase = options.Database is null;
        _database = options.Database ?? DuckDbDatabase.Open();
    }

    public string Root { get; }

    public string RunId { get; }

    /// <summary>Rows written since the last <see cref="Commit"/>, <see cref="Stage"/> or <see cref="Discard"/>, all tables together.</summary>
    public long RowsStaged { get; private set; }

    /// <summary>Hands a batch's rows to its table's Parquet writer (the batch can be cleared and reused right after).</summary>
    public void Write(ColumnBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (!_tables.TryGetValue(batch.Schema.Name, out var table) || !ReferenceEquals(table.Schema, batch.Schema))
        {
            throw new ArgumentException($"This writer was not set up for table '{batch.Schema.Name}'.", nameof(batch));
        }
        if (batch.Count == 0)
        {
            return;
        }
        table.Writer ??= new DateRoutedWriter(
            _database, table.Schema, Path.Combine(_stagingDirectory ?? Root, table.Schema.Name),
            new ParquetWriteOptions { PartitionBy = ["date"], FileNamePrefix = RunId }, DatasetSql.SelectList(RunId), _copies, _pool, table.FixedDate);
        table.Writer.Write(batch);
        RowsStaged += batch.Count;
    }

    /// <summary>Finishes every table's files and publishes them into the dataset.</summary>
    /// <returns>The final paths of the files written, by table.</returns>
    /// <exception cref="DuckDbException">DuckDB could not write; nothing of this commit was published.</exception>
    public DatasetCommit Commit()
    {
        if (_stagingDirectory is not null)
        {
            throw new InvalidOperationException("This writer stages without publishing: call Stage and publish the files after your own commit point.");
        }
        var finished = FinishAll();
        try
        {
            var files = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
            foreach (var (name, (target, _)) in finished)
            {
                files[name] = target.Publish();
            }
            return new DatasetCommit(files, RowsByTable(finished));
        }
        finally
        {
            DeleteAll(finished);
        }
    }

    /// <summary>
    /// Stage-without-publish mode: finishes every table's files and leaves them in the staging folder as
    /// <c>&lt;table&gt;/date=…/&lt;prefix&gt;-&lt;n&gt;.parquet</c> (n the lowest number free there), flushed to disk.
    /// </summary>
    /// <param name="fileNamePrefix">Names this stage's files; give each stage its own (e.g. a chunk name) so the
    /// files' final names never collide.</param>
    /// <returns>The staged files (<see cref="DatasetCommit.Staged"/>, each with its final relative path) and rows by table.</returns>
    /// <exception cref="DuckDbException">DuckDB could not write; nothing of this stage is left behind.</exception>
    public DatasetCommit Stage(string fileNamePrefix)
    {
        CheckFileNamePart(fileNamePrefix, nameof(fileNamePrefix));
        if (_stagingDirectory is null)
        {
            throw new InvalidOperationException("Stage needs DatasetWriterOptions.StagingDirectory; this writer publishes with Commit.");
        }
        var finished = FinishAll();
        try
        {
            var staged = new List<StagedFile>();
            var files = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
            foreach (var (name, (target, _)) in finished)
            {
                var paths = new List<string>();
                foreach (var (file, partition) in target.WrittenFiles())
                {
                    var folder = Path.Combine(_stagingDirectory, name, partition);
                    Directory.CreateDirectory(folder);
                    ParquetTarget.FlushToDisk(file);
                    var path = ParquetTarget.MoveToFreeName(file, folder, fileNamePrefix);
                    paths.Add(path);
                    staged.Add(new StagedFile(name, path, Path.GetRelativePath(_stagingDirectory, path).Replace('\\', '/')));
                }
                files[name] = paths;
            }
            return new DatasetCommit(files, RowsByTable(finished)) { Staged = staged };
        }
        finally
        {
            DeleteAll(finished);
        }
    }

    /// <summary>Drops every row written since the last commit or stage without publishing anything.</summary>
    public void Discard()
    {
        foreach (var table in _tables.Values)
        {
            AbortWriter(table);
        }
        RowsStaged = 0;
    }

    public void Dispose()
    {
        Discard();
        if (_ownsDatabase)
        {
            _database.Dispose();
        }
    }

    private static void CheckFileNamePart(string value, string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value, name);
        if (value.AsSpan().IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || value.Contains('/', StringComparison.Ordinal) || value.StartsWith('.'))
        {
            throw new ArgumentException($"'{value}' cannot be part of a file name.", name);
        }
    }
}
