using System.Text;
using Analytics.DuckDb.Native;
using DuckDB.NET.Native;

namespace Analytics.DuckDb;

/// <summary>
/// A prepared statement. Parameters are numbered from 1 (<c>$1</c>, or the n-th <c>?</c>); bindings stay until
/// rebound, so one statement can run many times.
/// </summary>
public sealed class DuckDbPreparedStatement : IDisposable
{
    private readonly DuckDBPreparedStatement _handle;

    internal DuckDbPreparedStatement(DuckDBPreparedStatement handle)
    {
        _handle = handle;
        ParameterCount = (int)Duck.PreparedStatements.DuckDBParams(handle);
    }

    public int ParameterCount { get; }

    public DuckDbPreparedStatement Bind(int index, long value) =>
        Check(index, Duck.PreparedStatements.DuckDBBindInt64(Handle(index), index, value), "BIGINT");

    public DuckDbPreparedStatement Bind(int index, int value) =>
        Check(index, Duck.PreparedStatements.DuckDBBindInt32(Handle(index), index, value), "INTEGER");

    public DuckDbPreparedStatement Bind(int index, double value) =>
        Check(index, Duck.PreparedStatements.DuckDBBindDouble(Handle(index), index, value), "DOUBLE");

    public DuckDbPreparedStatement Bind(int index, bool value) =>
        Check(index, Duck.PreparedStatements.DuckDBBindBoolean(Handle(index), index, value), "BOOLEAN");

    /// <summary>Binds a VARCHAR (UTF-8, by length: NUL characters are kept); null binds NULL.</summary>
    public unsafe DuckDbPreparedStatement Bind(int index, string? value)
    {
        if (value is null)
        {
            return BindNull(index);
        }
        var utf8 = Encoding.UTF8.GetBytes(value);
        fixed (byte* text = utf8)
        {
            return Check(index, MissingMethods.duckdb_bind_varchar_length(Handle(index), (ulong)index, text, (ulong)utf8.Length), "VARCHAR");
        }
    }

    /// <summary>Binds a TIMESTAMP WITH TIME ZONE (the instant, at microsecond precision).</summary>
    public DuckDbPreparedStatement Bind(int index, DateTimeOffset value)
    {
        var micros = (value.UtcTicks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerMicrosecond;
        using var instant = Duck.Value.DuckDBCreateTimestampTz(new DuckDBTimestampStruct { Micros = micros });
        return Check(index, Duck.PreparedStatements.DuckDBBindValue(Handle(index), index, instant), "TIMESTAMP WITH TIME ZONE");
    }

    public DuckDbPreparedStatement BindNull(int index) =>
        Check(index, Duck.PreparedStatements.DuckDBBindNull(Handle(index), index), "NULL");

    /// <summary>Runs the statement and returns the rows it changed.</summary>
    public long Execute()
    {
        using var result = Run();
        return Duck.Query.DuckDBRowsChanged(ref result.Value);
    }

    /// <summary>Runs the statement and returns its result.</summary>
    public DuckDbResult Query() => DuckDbResult.Wrap(Run());

    public void Dispose() => _handle.Dispose();

    private NativeResult Run()
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        var result = new NativeResult();
        if (Duck.PreparedStatements.DuckDBExecutePrepared(_handle, out result.Value) != DuckDBState.Success)
        {
            using (result)
            {
                throw new DuckDbException(result.Error());
            }
        }
        return result;
    }

    private DuckDBPreparedStatement Handle(int index)
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        if (index < 1 || index > ParameterCount)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"The statement has {ParameterCount} parameter(s), numbered from 1.");
        }
        return _handle;
    }

    private DuckDbPreparedStatement Check(int index, DuckDBState state, string type)
    {
        if (state != DuckDBState.Success)
        {
            var reason = Duck.PreparedStatements.DuckDBPrepareError(_handle) ?? string.Empty;
            throw new DuckDbException($"DuckDB rejected a {type} value for parameter {index}" + (reason.Length > 0 ? $": {reason}" : "."));
        }
        return this;
    }
}
