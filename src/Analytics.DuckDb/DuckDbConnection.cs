using Analytics.DuckDb.Native;
using Analytics.DuckDb.Native.Handles;

namespace Analytics.DuckDb;

/// <summary>A connection to a <see cref="DuckDbDatabase"/>; use it from one thread at a time.</summary>
public sealed class DuckDbConnection : IDisposable
{
    internal DuckDbConnection(ConnectionHandle handle) => Handle = handle;

    internal ConnectionHandle Handle { get; }

    /// <summary>Runs one or more statements (separated by ';') and returns the rows the last one changed.</summary>
    public long Execute(string sql)
    {
        using var result = Run(sql);
        return (long)NativeMethods.duckdb_rows_changed(result);
    }

    /// <summary>Runs SQL and returns its result (of the last statement) to read chunk by chunk.</summary>
    public DuckDbResult Query(string sql) => DuckDbResult.Wrap(Run(sql));

    /// <summary>The first column of the first row, or null when there are no rows.</summary>
    public object? ExecuteScalar(string sql)
    {
        using var result = Query(sql);
        using var chunk = result.NextChunk();
        return chunk is null || chunk.RowCount == 0 ? null : chunk.GetVector(0).GetValue(0);
    }

    /// <summary>Prepares a statement with <c>$1</c>/<c>?</c> parameters.</summary>
    public DuckDbPreparedStatement Prepare(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        ObjectDisposedException.ThrowIf(Handle.IsClosed, this);
        if (NativeMethods.duckdb_prepare(Handle, sql, out var statement) != DuckDbState.Success)
        {
            using (statement)
            {
                throw new DuckDbException(NativeText.Borrowed(NativeMethods.duckdb_prepare_error(statement), "DuckDB could not prepare the statement."));
            }
        }
        return new DuckDbPreparedStatement(statement);
    }

    /// <summary>Opens a data-chunk appender on an existing table.</summary>
    public DuckDbAppender CreateAppender(string table, string? schema = null) => new(this, schema, table);

    /// <summary>Asks the statement running on this connection (from another thread) to stop.</summary>
    public void Interrupt() => NativeMethods.duckdb_interrupt(Handle);

    public void Dispose() => Handle.Dispose();

    private ResultHandle Run(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        ObjectDisposedException.ThrowIf(Handle.IsClosed, this);
        var result = ResultHandle.Allocate();
        if (NativeMethods.duckdb_query(Handle, sql, result) != DuckDbState.Success)
        {
            using (result)
            {
                throw new DuckDbException(NativeText.Borrowed(NativeMethods.duckdb_result_error(result), "DuckDB reported an error without a message."));
            }
        }
        return result;
    }
}
