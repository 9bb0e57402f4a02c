using System.Collections.Immutable;
using Analytics.Core.Columns;
using Analytics.Core.Output;
using Analytics.DuckDb.Native;
using DuckDB.NET.Native;

namespace Analytics.DuckDb;

/// <summary>
/// Appends <see cref="ColumnBatch"/>es to an existing table by filling whole data-chunk vectors (a bulk copy per
/// fixed-width column and per validity mask; VARCHARs of 12 bytes or fewer written inline, longer ones copied into
/// the vector's string heap) and handing DuckDB one chunk at a time. The batch's columns must match the table's, in order, by name and type. Call <see cref="Close"/> to flush
/// and see any error; <see cref="Dispose"/> closes too.
/// </summary>
public sealed partial class DuckDbAppender : IBatchSink, IDisposable
{
    private readonly DuckDBAppender _handle;
    private readonly DuckDBDataChunk _chunk;
    private readonly int _chunkCapacity;
    private TableSchema? _verifiedSchema;
    private bool _closed;

    internal DuckDbAppender(DuckDbConnection connection, string? schema, string table)
    {
        ArgumentException.ThrowIfNullOrEmpty(table);
        Table = schema is null ? table : $"{schema}.{table}";
        if (Duck.Appender.DuckDBAppenderCreate(connection.Native, schema, table, out var handle) != DuckDBState.Success)
        {
            using (handle)
            {
                throw new DuckDbException($"Cannot append to {Table}: {AppenderError(handle)}");
            }
        }
        _handle = handle;
        try
        {
            _chunkCapacity = (int)Duck.Helpers.DuckDBVectorSize();
            if (_chunkCapacity % 64 != 0)
            {
                // Batches are cut into chunks at multiples of this size; validity words only line up at 64-row steps.
                throw new DuckDbException($"Unsupported DuckDB build: vector size {_chunkCapacity} is not a multiple of 64.");
            }
            Columns = ReadColumns(connection, schema, table, handle);
            _chunk = CreateChunk(handle, Columns.Length);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>The target table, as given (schema-qualified when a schema was given).</summary>
    public string Table { get; }

    /// <summary>The table's columns: what a batch must match.</summary>
    public ImmutableArray<DuckDbColumn> Columns { get; }

    /// <summary>Rows handed to DuckDB so far.</summary>
    public long RowsAppended { get; private set; }

    /// <summary>Appends the batch's rows (its <see cref="ColumnBatch.Count"/>); the batch can be cleared and reused
    /// right after.</summary>
    /// <exception cref="DuckDbException">The batch's columns do not match the table, or DuckDB rejected the rows.</exception>
    public void Append(ColumnBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ObjectDisposedException.ThrowIf(_closed, this);
        if (!ReferenceEquals(batch.Schema, _verifiedSchema))
        {
            VerifySchema(batch.Schema);
            _verifiedSchema = batch.Schema;
        }
        for (var start = 0; start < batch.Count; start += _chunkCapacity)
        {
            var rows = Math.Min(_chunkCapacity, batch.Count - start);
            FillChunk(batch, start, rows);
            if (Duck.Appender.DuckDBAppendDataChunk(_handle, _chunk) != DuckDBState.Success)
            {
                throw new DuckDbException($"Appending to {Table} failed: {AppenderError(_handle)}");
            }
            RowsAppended += rows;
        }
    }

    /// <summary>As a flattener's sink: <see cref="Append"/>.</summary>
    void IBatchSink.Write(ColumnBatch batch) => Append(batch);

    /// <summary>Writes buffered rows to the table now (constraint violations surface here at the latest).</summary>
    public void Flush()
    {
        ObjectDisposedException.ThrowIf(_closed, this);
        if (Duck.Appender.DuckDBAppenderFlush(_handle) != DuckDBState.Success)
        {
            throw new DuckDbException($"Flushing rows into {Table} failed: {AppenderError(_handle)}");
        }
    }

    /// <summary>Flushes and closes; further appends are refused.</summary>
    public void Close()
    {
        if (_closed)
        {
            return;
        }
        _closed = true;
        try
        {
            if (Duck.Appender.DuckDBAppenderClose(_handle) != DuckDBState.Success)
            {
                throw new DuckDbException($"Closing the appender on {Table} failed: {AppenderError(_handle)}");
            }
        }
        finally
        {
            _chunk.Dispose();
            _handle.Dispose();
        }
    }

    /// <summary>Closes (flushing what is buffered); throws if that final flush fails, so rows are never lost silently.</summary>
    public void Dispose() => Close();

    private static string AppenderError(DuckDBAppender handle)
    {
        if (handle.IsInvalid)
        {
            return "DuckDB could not create the appender.";
        }
        using var error = Duck.Appender.DuckDBAppenderErrorData(handle);
        var message = error.IsInvalid ? null : Duck.ErrorData.DuckDBErrorDataMessage(error);
        return string.IsNullOrEmpty(message) ? "unknown appender error" : message;
    }

    private static ImmutableArray<DuckDbColumn> ReadColumns(DuckDbConnection connection, string? schema, string table, DuckDBAppender appender)
    {
        var count = (int)Duck.Appender.DuckDBAppenderColumnCount(appender);
        var names = ReadColumnNames(connection, schema, table, count);
        var columns = ImmutableArray.CreateBuilder<DuckDbColumn>(count);
        for (var i = 0; i < count; i++)
        {
            using var type = Duck.Appender.DuckDBAppenderColumnType(appender, (ulong)i);
            var info = LogicalTypeInfo.From(type);
            columns.Add(new DuckDbColumn(names[i], info.Id, info.Name));
        }
        return columns.MoveToImmutable();
    }

    /// <summary>The appender API gives types but not names: an empty query over the same table gives both.</summary>
    private static string[] ReadColumnNames(DuckDbConnection connection, string? schema, string table, int count)
    {
        var name = schema is null ? DuckDbSql.Identifier(table) : $"{DuckDbSql.Identifier(schema)}.{DuckDbSql.Identifier(table)}";
        using var result = connection.Query($"SELECT * FROM {name} LIMIT 0");
        if (result.Columns.Length != count)
        {
            throw new DuckDbException($"Cannot describe table {table}: it has {result.Columns.Length} columns, its appender {count}.");
        }
        return [.. result.Columns.Select(c => c.Name)];
    }

    /// <summary>One reusable chunk typed like the table.</summary>
    private static DuckDBDataChunk CreateChunk(DuckDBAppender appender, int columnCount)
    {
        var types = new DuckDBLogicalType[columnCount];
        var pointers = new IntPtr[columnCount];
        try
        {
            for (var i = 0; i < columnCount; i++)
            {
                types[i] = Duck.Appender.DuckDBAppenderColumnType(appender, (ulong)i);
                pointers[i] = types[i].DangerousGetHandle();
            }
            var chunk = Duck.DataChunks.DuckDBCreateDataChunk(pointers, (ulong)columnCount);
            return chunk.IsInvalid ? throw new DuckDbException("DuckDB could not create a data chunk.") : chunk;
        }
        finally
        {
            foreach (var type in types)
            {
                type?.Dispose();
            }
        }
    }
}
