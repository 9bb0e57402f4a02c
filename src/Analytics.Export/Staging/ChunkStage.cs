using System.Globalization;
using Analytics.Core.Columns;
using Analytics.Core.Output;
using Analytics.DuckDb;
using Analytics.DuckDb.Parquet;

namespace Analytics.Export.Staging;

/// <summary>
/// The rows of the chunk being built, in a run-local in-memory DuckDB database: the flattener's batches arrive through
/// <see cref="IBatchSink"/> (data-chunk appends), listing/describe rows through prepared inserts. At commit time each
/// table becomes one Parquet file per date partition in the chunk's staging folder; then the stage is cleared. Used
/// by one thread (the export's writer).
/// </summary>
internal sealed partial class ChunkStage : IBatchSink, IDisposable
{
    private readonly DuckDbDatabase _database;
    private readonly DuckDbConnection _connection;
    private readonly Dictionary<string, DuckDbAppender> _appenders = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DuckDbPreparedStatement> _inserts = new(StringComparer.Ordinal);

    public ChunkStage()
    {
        _database = DuckDbDatabase.Open();
        _connection = _database.Connect();
        // Bounded: a chunk is small, and a large one spills to a temporary file instead of growing the process.
        _connection.Execute("SET memory_limit = '128MB'; SET threads = 1; SET preserve_insertion_order = false");
        foreach (var ddl in StagedTables.AllDdl())
        {
            _connection.Execute(ddl);
        }
        _connection.Execute("CREATE TABLE drop_arns (arn VARCHAR)");
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
                : "coalesce(strftime(make_timestamp(epoch_us(execution_start_time)), '%Y-%m-%d'), '1970-01-01')";
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

    /// <summary>Empties every staged table for the next chunk.</summary>
    public void Clear()
    {
        FlushAppenders();
        foreach (var table in StagedTables.ExecutionTables.Concat(StagedTables.SnapshotTables).Append("execution_links"))
        {
            _connection.Execute($"DELETE FROM {table}");
        }
    }

    public void Dispose()
    {
        foreach (var appender in _appenders.Values)
        {
            appender.Dispose();
        }
        foreach (var insert in _inserts.Values)
        {
            insert.Dispose();
        }
        _connection.Dispose();
        _database.Dispose();
    }
}
