using System.Text;
using Analytics.DuckDb.Native;
using Analytics.DuckDb.Native.Handles;

namespace Analytics.DuckDb;

/// <summary>
/// A prepared statement. Parameters are numbered from 1 (<c>$1</c>, or the n-th <c>?</c>); bindings stay until
/// rebound or <see cref="ClearBindings"/>, so one statement can run many times.
/// </summary>
public sealed class DuckDbPreparedStatement : IDisposable
{
    private readonly PreparedStatementHandle _handle;

    internal DuckDbPreparedStatement(PreparedStatementHandle handle)
    {
        _handle = handle;
        ParameterCount = (int)NativeMethods.duckdb_nparams(handle);
    }

    public int ParameterCount { get; }

    public DuckDbPreparedStatement Bind(int index, long value) =>
        Check(index, NativeMethods.duckdb_bind_int64(Handle(index), (ulong)index, value), "BIGINT");

    public DuckDbPreparedStatement Bind(int index, int value) =>
        Check(index, NativeMethods.duckdb_bind_int32(Handle(index), (ulong)index, value), "INTEGER");

    public DuckDbPreparedStatement Bind(int index, double value) =>
        Check(index, NativeMethods.duckdb_bind_double(Handle(index), (ulong)index, value), "DOUBLE");

    public DuckDbPreparedStatement Bind(int index, bool value) =>
        Check(index, NativeMethods.duckdb_bind_boolean(Handle(index), (ulong)index, value), "BOOLEAN");

    /// <summary>Binds a VARCHAR (UTF-8); null binds NULL.</summary>
    public unsafe DuckDbPreparedStatement Bind(int index, string? value)
    {
        if (value is null)
        {
            return BindNull(index);
        }
        var utf8 = Encoding.UTF8.GetBytes(value);
        fixed (byte* text = utf8)
        {
            return Check(index, NativeMethods.duckdb_bind_varchar_length(Handle(index), (ulong)index, text, (ulong)utf8.Length), "VARCHAR");
        }
    }

    /// <summary>Binds a TIMESTAMP WITH TIME ZONE (the instant, at microsecond precision).</summary>
    public DuckDbPreparedStatement Bind(int index, DateTimeOffset value)
    {
        var micros = (value.UtcTicks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerMicrosecond;
        return Check(index, NativeMethods.duckdb_bind_timestamp_tz(Handle(index), (ulong)index, micros), "TIMESTAMP WITH TIME ZONE");
    }

    public DuckDbPreparedStatement BindNull(int index) =>
        Check(index, NativeMethods.duckdb_bind_null(Handle(index), (ulong)index), "NULL");

    public void ClearBindings()
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        if (NativeMethods.duckdb_clear_bindings(_handle) != DuckDbState.Success)
        {
            throw new DuckDbException("DuckDB could not clear the statement's bindings.");
        }
    }

    /// <summary>Runs the statement and returns the rows it changed.</summary>
    public long Execute()
    {
        using var result = Run();
        return (long)NativeMethods.duckdb_rows_changed(result);
    }

    /// <summary>Runs the statement and returns its result.</summary>
    public DuckDbResult Query() => DuckDbResult.Wrap(Run());

    public void Dispose() => _handle.Dispose();

    private ResultHandle Run()
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        var result = ResultHandle.Allocate();
        if (NativeMethods.duckdb_execute_prepared(_handle, result) != DuckDbState.Success)
        {
            using (result)
            {
                throw new DuckDbException(NativeText.Borrowed(NativeMethods.duckdb_result_error(result), "DuckDB reported an error without a message."));
            }
        }
        return result;
    }

    private PreparedStatementHandle Handle(int index)
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        if (index < 1 || index > ParameterCount)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"The statement has {ParameterCount} parameter(s), numbered from 1.");
        }
        return _handle;
    }

    private DuckDbPreparedStatement Check(int index, DuckDbState state, string type)
    {
        if (state != DuckDbState.Success)
        {
            var reason = NativeText.Borrowed(NativeMethods.duckdb_prepare_error(_handle));
            throw new DuckDbException($"DuckDB rejected a {type} value for parameter {index}" + (reason.Length > 0 ? $": {reason}" : "."));
        }
        return this;
    }
}
