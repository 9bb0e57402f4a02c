using Analytics.Core.Columns;
using Analytics.Core.Output;
using Analytics.DuckDb.Parquet;

namespace Analytics.DuckDb.Dataset;

/// <summary>
/// Writes history-table batches into the dataset: rows are staged in DuckDB through the chunk appender (one staging
/// table per table schema), and <see cref="Commit"/> publishes them as
/// <c>DIR/&lt;table&gt;/date=YYYY-MM-DD/&lt;run-id&gt;-&lt;n&gt;.parquet</c>, partitioned by the UTC date of each row's
/// <c>execution_start_time</c> (<c>date=unknown</c> when it is not known), each file written under a temporary name
/// and renamed into place. Every row gets the writer's <c>export_run_id</c>. Use as the flatteners' sink.
/// </summary>
public sealed class DatasetWriter : IBatchSink, IDisposable
{
    /// <summary>The partition of rows whose execution start is unknown.</summary>
    public const string UnknownDate = "unknown";

    private readonly DuckDbDatabase? _ownedDatabase;
    private readonly DuckDbConnection _connection;
    private readonly bool _ownsConnection;
    private readonly Dictionary<string, StagedTable> _tables = new(StringComparer.Ordinal);

    /// <param name="root">The dataset root (<c>--out DIR</c>).</param>
    /// <param name="runId">The export/import run id: file-name prefix and <c>export_run_id</c> value.</param>
    /// <param name="tables">The tables batches may belong to (each must have an <c>execution_start_time</c> column).</param>
    /// <param name="connection">A connection to stage in; by default a private in-memory database.</param>
    public DatasetWriter(string root, string runId, IEnumerable<TableSchema> tables, DuckDbConnection? connection = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        ArgumentNullException.ThrowIfNull(tables);
        if (runId.AsSpan().IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || runId.Contains('/', StringComparison.Ordinal))
        {
            throw new ArgumentException($"Run id '{runId}' cannot be part of a file name.", nameof(runId));
        }
        Root = Path.GetFullPath(root);
        RunId = runId;
        if (connection is null)
        {
            _ownedDatabase = DuckDbDatabase.Open();
            _connection = _ownedDatabase.Connect();
            _ownsConnection = true;
        }
        else
        {
            _connection = connection;
        }
        foreach (var schema in tables)
        {
            if (schema.IndexOf("execution_start_time") < 0)
            {
                throw new ArgumentException($"Table '{schema.Name}' has no execution_start_time column to partition by.", nameof(tables));
            }
            var staged = new StagedTable(schema, $"stage_{schema.Name}_{Guid.NewGuid():N}");
            _connection.Execute(StagingSql.CreateTable(staged.StagingName, schema));
            _tables.Add(schema.Name, staged);
        }
    }

    public string Root { get; }

    public string RunId { get; }

    /// <summary>Rows staged since the last <see cref="Commit"/> or <see cref="Discard"/>, all tables together.</summary>
    public long RowsStaged { get; private set; }

    /// <summary>Stages a batch's rows (the batch can be cleared and reused right after).</summary>
    public void Write(ColumnBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (!_tables.TryGetValue(batch.Schema.Name, out var staged) || !ReferenceEquals(staged.Schema, batch.Schema))
        {
            throw new ArgumentException($"This writer was not set up for table '{batch.Schema.Name}'.", nameof(batch));
        }
        staged.Appender ??= _connection.CreateAppender(staged.StagingName);
        staged.Appender.Append(batch);
        staged.Rows += batch.Count;
        RowsStaged += batch.Count;
    }

    /// <summary>Publishes every staged row as Parquet files and empties the staging tables.</summary>
    /// <returns>The final paths of the files written, by table.</returns>
    public DatasetCommit Commit()
    {
        var files = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var rows = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (name, staged) in _tables)
        {
            CloseAppender(staged);
            if (staged.Rows == 0)
            {
                continue;
            }
            var written = ParquetWriter.Write(
                _connection,
                StagingSql.SelectForDataset(staged.StagingName, RunId),
                Path.Combine(Root, name),
                new ParquetWriteOptions { PartitionBy = ["date"], FileNamePrefix = RunId });
            _connection.Execute($"DELETE FROM {DuckDbSql.Identifier(staged.StagingName)}");
            files[name] = written;
            rows[name] = staged.Rows;
            staged.Rows = 0;
        }
        RowsStaged = 0;
        return new DatasetCommit(files, rows);
    }

    /// <summary>Drops every staged row without writing anything.</summary>
    public void Discard()
    {
        foreach (var staged in _tables.Values)
        {
            CloseAppender(staged);
            _connection.Execute($"DELETE FROM {DuckDbSql.Identifier(staged.StagingName)}");
            staged.Rows = 0;
        }
        RowsStaged = 0;
    }

    public void Dispose()
    {
        foreach (var staged in _tables.Values)
        {
            try
            {
                CloseAppender(staged);
                if (!_ownsConnection)
                {
                    _connection.Execute($"DROP TABLE IF EXISTS {DuckDbSql.Identifier(staged.StagingName)}");
                }
            }
            catch (DuckDbException)
            {
                // Staged rows are being thrown away anyway.
            }
        }
        if (_ownsConnection)
        {
            _connection.Dispose();
            _ownedDatabase?.Dispose();
        }
    }

    private static void CloseAppender(StagedTable staged)
    {
        var appender = staged.Appender;
        staged.Appender = null;
        appender?.Close();
    }

    private sealed class StagedTable(TableSchema schema, string stagingName)
    {
        public TableSchema Schema { get; } = schema;

        public string StagingName { get; } = stagingName;

        public DuckDbAppender? Appender { get; set; }

        public long Rows { get; set; }
    }
}
