using Analytics.DuckDb.Native;
using DuckDB.NET.Native;
using AdoConnection = DuckDB.NET.Data.DuckDBConnection;

namespace Analytics.DuckDb;

/// <summary>
/// A connection to a <see cref="DuckDbDatabase"/> (a DuckDB.NET ADO.NET connection underneath); use it from one thread
/// at a time. Statements and queries run through DuckDB.NET's C-API bindings rather than its command, whose data
/// reader throws on an INTERVAL with months and whose ExecuteNonQuery adds up changed rows over statements; results
/// are read chunk by chunk (<see cref="DuckDbResult"/>).
/// </summary>
public sealed class DuckDbConnection : IDisposable
{
    private readonly AdoConnection _connection;

    internal DuckDbConnection(AdoConnection connection) => _connection = connection;

    internal DuckDBNativeConnection Native
    {
        get
        {
            ObjectDisposedException.ThrowIf(_connection.State != System.Data.ConnectionState.Open, this);
            return _connection.NativeConnection;
        }
    }

    /// <summary>Runs one or more statements (separated by ';') and returns the rows the last one changed (DuckDB.NET's
    /// command would add up every statement's count).</summary>
    public long Execute(string sql)
    {
        using var result = Run(sql);
        return Duck.Query.DuckDBRowsChanged(ref result.Value);
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
        var native = Native;
        using var statements = Extract(native, sql, out var count);
        for (var i = 0; i + 1 < count; i++)
        {
            using var earlier = PrepareExtracted(native, statements, i);
            using var discarded = new NativeResult();
            if (Duck.PreparedStatements.DuckDBExecutePrepared(earlier, out discarded.Value) != DuckDBState.Success)
            {
                throw new DuckDbException(discarded.Error());
            }
        }
        // The statement stays alive with the result that streams out of it.
        var last = PrepareExtracted(native, statements, count - 1);
        var result = new NativeResult();
        try
        {
            if (Duck.PreparedStatements.DuckDBExecutePreparedStreaming(last, out result.Value) != DuckDBState.Success)
            {
                throw new DuckDbException(result.Error(Duck.PreparedStatements.DuckDBPrepareError(last)));
            }
            return DuckDbResult.Wrap(result, last);
        }
        catch
        {
            result.Dispose();
            last.Dispose();
            throw;
        }
    }

    /// <summary>Runs SQL and returns the last statement's result as Arrow record batches (DuckDB's own Arrow
    /// conversion, streaming like <see cref="QueryStreaming"/>).</summary>
    /// <exception cref="DuckDbException">DuckDB's error.</exception>
    public DuckDbArrowStream QueryArrow(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        _ = Native; // throws once disposed
        return DuckDbArrowStream.Open(new DuckDB.NET.Data.DuckDBCommand(sql, _connection));
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
        if (Duck.PreparedStatements.DuckDBPrepare(Native, sql, out var statement) != DuckDBState.Success)
        {
            using (statement)
            {
                throw new DuckDbException(Duck.PreparedStatements.DuckDBPrepareError(statement) ?? "DuckDB could not prepare the statement.");
            }
        }
        return new DuckDbPreparedStatement(statement);
    }

    /// <summary>Opens a data-chunk appender on an existing table.</summary>
    public DuckDbAppender CreateAppender(string table, string? schema = null) => new(this, schema, table);

    /// <summary>Asks the statement running on this connection (from another thread) to stop.</summary>
    public void Interrupt() => Native.Interrupt();

    public void Dispose() => _connection.Dispose();

    private static DuckDBExtractedStatements Extract(DuckDBNativeConnection native, string sql, out int count)
    {
        count = Duck.ExtractStatements.DuckDBExtractStatements(native, sql, out var statements);
        if (count == 0)
        {
            using (statements)
            {
                throw new DuckDbException(Duck.ExtractStatements.DuckDBExtractStatementsError(statements) ?? "No SQL statement to run.");
            }
        }
        return statements;
    }

    private static DuckDBPreparedStatement PrepareExtracted(DuckDBNativeConnection native, DuckDBExtractedStatements statements, int index)
    {
        if (Duck.ExtractStatements.DuckDBPrepareExtractedStatement(native, statements, index, out var statement) != DuckDBState.Success)
        {
            using (statement)
            {
                throw new DuckDbException(Duck.PreparedStatements.DuckDBPrepareError(statement) ?? "DuckDB could not prepare the statement.");
            }
        }
        return statement;
    }

    private NativeResult Run(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var result = new NativeResult();
        if (Duck.Query.DuckDBQuery(Native, sql, out result.Value) != DuckDBState.Success)
        {
            using (result)
            {
                throw new DuckDbException(result.Error());
            }
        }
        return result;
    }
}
