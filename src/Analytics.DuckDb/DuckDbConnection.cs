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

    /// <summary>
    /// Runs SQL and returns the last statement's result as a stream: DuckDB produces chunks as they are read instead
    /// of materializing the whole result first, so a result larger than memory can be written out. Until the result is
    /// disposed, the connection can run nothing else. Earlier statements (separated by ';') run to completion first.
    /// </summary>
    public DuckDbResult QueryStreaming(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        ObjectDisposedException.ThrowIf(Handle.IsClosed, this);
        using var statements = Extract(sql, out var count);
        for (ulong i = 0; i + 1 < count; i++)
        {
            using var earlier = PrepareExtracted(statements, i);
            using var discarded = ResultHandle.Allocate();
            if (NativeMethods.duckdb_execute_prepared(earlier, discarded) != DuckDbState.Success)
            {
                throw new DuckDbException(NativeText.Borrowed(NativeMethods.duckdb_result_error(discarded), "DuckDB reported an error without a message."));
            }
        }
        // The statement and the pending result stay alive with the result that streams out of them.
        var last = PrepareExtracted(statements, count - 1);
        PendingResultHandle? pending = null;
        var result = ResultHandle.Allocate();
        try
        {
            if (NativeMethods.duckdb_pending_prepared_streaming(last, out pending) != DuckDbState.Success)
            {
                throw new DuckDbException(FirstMessage(
                    pending.IsInvalid ? IntPtr.Zero : NativeMethods.duckdb_pending_error(pending), NativeMethods.duckdb_prepare_error(last)));
            }
            if (NativeMethods.duckdb_execute_pending(pending, result) != DuckDbState.Success)
            {
                // An error met while producing the first rows is the result's; one met before, the pending result's.
                throw new DuckDbException(FirstMessage(NativeMethods.duckdb_result_error(result), NativeMethods.duckdb_pending_error(pending)));
            }
            return DuckDbResult.Wrap(result, pending, last);
        }
        catch
        {
            result.Dispose();
            pending?.Dispose();
            last.Dispose();
            throw;
        }
    }

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

    private static string FirstMessage(IntPtr first, IntPtr second) =>
        NativeText.Borrowed(first == IntPtr.Zero ? second : first, "DuckDB reported an error without a message.");

    private ExtractedStatementsHandle Extract(string sql, out ulong count)
    {
        count = NativeMethods.duckdb_extract_statements(Handle, sql, out var statements);
        if (count == 0)
        {
            using (statements)
            {
                throw new DuckDbException(NativeText.Borrowed(NativeMethods.duckdb_extract_statements_error(statements), "No SQL statement to run."));
            }
        }
        return statements;
    }

    private PreparedStatementHandle PrepareExtracted(ExtractedStatementsHandle statements, ulong index)
    {
        if (NativeMethods.duckdb_prepare_extracted_statement(Handle, statements, index, out var statement) != DuckDbState.Success)
        {
            using (statement)
            {
                throw new DuckDbException(NativeText.Borrowed(NativeMethods.duckdb_prepare_error(statement), "DuckDB could not prepare the statement."));
            }
        }
        return statement;
    }

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
