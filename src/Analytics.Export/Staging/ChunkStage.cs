using System.Globalization;
using Analytics.Core.Columns;
using Analytics.Core.Output;
using Analytics.DuckDb;
using Analytics.DuckDb.Dataset;
using Analytics.DuckDb.Parquet;

namespace Analytics.Export.Staging;

/// <summary>
/// The rows of the chunk being built, in a run-local in-memory DuckDB database: the flattener's batches arrive through
/// <see cref="IBatchSink"/> (data-chunk appends), listing/describe rows through prepared inserts. At commit time each
/// table becomes one Parquet file per date partition in the chunk's staging folder; then the stage is reset. Used
/// by one thread (the export's writer).
/// </summary>
/// <remarks>
/// Memory: every chunk gets a fresh database (<see cref="Reset"/>). Emptying the tables with DELETE instead kept
/// memory alive across chunks that DuckDB does not count in its buffer pool (duckdb_memory() stayed near 50 MB while
/// RSS grew chunk after chunk), so the export's RSS grew with the account's size; closing the database frees it all.
/// The buffer pool is capped by <see cref="MemoryLimit"/> and spills to <c>temp_directory</c> beside the shard's
/// staging folder rather than the working directory.
/// </remarks>
internal sealed partial class ChunkStage : IBatchSink, IDisposable
{
    /// <summary>DuckDB's buffer pool cap for one chunk (a chunk holds a few tens of MB of rows).</summary>
    public const string MemoryLimit = "128MB";

    private readonly string _spillFolder;
    private readonly Dictionary<string, DuckDbAppender> _appenders = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DuckDbPreparedStatement> _inserts = new(StringComparer.Ordinal);
    private DuckDbDatabase _database;
    private DuckDbConnection _connection;

    /// <param name="spillFolder">Where DuckDB may spill a large chunk (emptied now: nothing else uses it).</param>
    public ChunkStage(string spillFolder)
    {
        _spillFolder = Path.GetFullPath(spillFolder);
        if (Directory.Exists(_spillFolder))
        {
            Directory.Delete(_spillFolder, recursive: true);
        }
        Directory.CreateDirectory(_spillFolder);
        (_database, _connection) = OpenDatabase(_spillFolder);
    }

    /// <summary>The settings every chunk's database is opened with.</summary>
    internal static DuckDbConfig Config(string spillFolder)
    {
        var config = new DuckDbConfig { Threads = 1, MemoryLimit = MemoryLimit };
        config.Options["preserve_insertion_order"] = "false";
        config.Options["temp_directory"] = spillFolder;
        // DuckDB's allocator (jemalloc) otherwise keeps freed pages of the last COPY until later allocations decay them.
        config.Options["allocator_background_threads"] = "true";
        return config;
    }

    private static (DuckDbDatabase, DuckDbConnection) OpenDatabase(string spillFolder)
    {
        var database = DuckDbDatabase.Open(config: Config(spillFolder));
        try
        {
            var connection = database.Connect();
            foreach (var ddl in StagedTables.AllDdl())
            {
                connection.Execute(ddl);
            }
            connection.Execute("CREATE TABLE drop_arns (arn VARCHAR)");
            return (database, connection);
        }
        catch
        {
            database.Dispose();
            throw;
        }
    }

    /// <summary>The connection, for the few queries over committed files (replacement).</summary>
    public DuckDbConnection Connection => _connection;

    public void Write(ColumnBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (!_appenders.TryGetValue(batch.Schema.Name, out var appender))
        {
            _appenders[batch.Schema.Name] = appender = _connection.CreateAppender(batch.Schema.Name);
        }
        appender.Append(batch);
    }

    /// <summary>Makes every appended row visible to SQL.</summary>
    public void FlushAppenders()
    {
        foreach (var appender in _appenders.Values)
        {
            appender.Close();
        }
        _appenders.Clear();
    }

    /// <summary>Removes the staged rows of these executions (a quarantined history, or a unit given up).</summary>
    public void DeleteExecutions(IReadOnlyCollection<string> arns)
    {
        if (arns.Count == 0)
        {
            return;
        }
        FlushAppenders();
        var list = string.Join(", ", arns.Select(DuckDbSql.Literal));
        foreach (var table in StagedTables.ExecutionTables)
        {
            _connection.Execute($"DELETE FROM {table} WHERE {StagedTables.ExecutionKey(table)} IN ({list})");
        }
        _connection.Execute($"DELETE FROM execution_links WHERE execution_arn IN ({list})");
    }

    public long CountRows(string table)
    {
        FlushAppenders();
        return Convert.ToInt64(_connection.ExecuteScalar($"SELECT count(*) FROM {table}"), CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Writes every non-empty staged table under <paramref name="stagingFolder"/> as
    /// <c>&lt;table&gt;/date=YYYY-MM-DD/&lt;chunk&gt;-0.parquet</c> and returns (staged full path, final relative path).
    /// </summary>
    public List<(string Staged, string Relative)> WriteFiles(string stagingFolder, string chunkName, string runId, DateOnly snapshotDate)
    {
        FlushAppenders();
        var files = new List<(string, string)>();
        var run = DuckDbSql.Literal(runId);
        foreach (var table in StagedTables.ExecutionTables.Concat(StagedTables.SnapshotTables))
        {
            if (Convert.ToInt64(_connection.ExecuteScalar($"SELECT count(*) FROM {table}"), CultureInfo.InvariantCulture) == 0)
            {
                continue;
            }
            var date = Array.IndexOf(StagedTables.SnapshotTables, table) >= 0
                ? DuckDbSql.Literal(snapshotDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))
                : DatasetWriter.DateSql;
            var source = table == "executions"
                ? $"""
                  SELECT e.* REPLACE (coalesce(l.map_run_arn, e.map_run_arn) AS map_run_arn,
                    coalesce(l.parent_execution_arn, e.parent_execution_arn) AS parent_execution_arn),
                    {run} AS export_run_id, {date} AS date
                  FROM executions e LEFT JOIN (SELECT DISTINCT * FROM execution_links) l ON l.execution_arn = e.execution_arn
                  """
                : $"SELECT *, {run} AS export_run_id, {date} AS date FROM {table}";
            var root = Path.Combine(stagingFolder, table);
            var written = ParquetWriter.Write(_connection, source, root, new ParquetWriteOptions
            {
                PartitionBy = ["date"],
                FileNamePrefix = chunkName,
            });
            foreach (var file in written)
            {
                files.Add((file, table + "/" + Path.GetRelativePath(root, file).Replace('\\', '/')));
            }
        }
        return files;
    }

    /// <summary>Starts the next chunk on a fresh, empty database (frees everything the last chunk used).</summary>
    public void Reset()
    {
        CloseDatabase();
        (_database, _connection) = OpenDatabase(_spillFolder);
    }

    public void Dispose()
    {
        CloseDatabase();
        if (Directory.Exists(_spillFolder))
        {
            Directory.Delete(_spillFolder, recursive: true);
        }
    }

    private void CloseDatabase()
    {
        foreach (var appender in _appenders.Values)
        {
            appender.Dispose();
        }
        _appenders.Clear();
        foreach (var insert in _inserts.Values)
        {
            insert.Dispose();
        }
        _inserts.Clear();
        _connection.Dispose();
        _database.Dispose();
    }
}
