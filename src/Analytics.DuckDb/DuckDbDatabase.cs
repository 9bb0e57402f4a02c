using Analytics.DuckDb.Native;
using Analytics.DuckDb.Native.Handles;

namespace Analytics.DuckDb;

/// <summary>
/// An open DuckDB database, in memory or in a file. Thread-safe: open one connection per thread with
/// <see cref="Connect"/>. Disposing closes it (connections should be disposed first).
/// </summary>
public sealed class DuckDbDatabase : IDisposable
{
    private readonly DatabaseHandle _handle;
    private readonly Lock _batchFunctionLock = new();
    private bool _batchFunctionRegistered;

    private DuckDbDatabase(DatabaseHandle handle, string? path)
    {
        _handle = handle;
        Path = path;
    }

    /// <summary>The database file, or null for an in-memory database.</summary>
    public string? Path { get; }

    /// <summary>The DuckDB release actually loaded, e.g. "v1.5.6".</summary>
    public static string LibraryVersion
    {
        get
        {
            NativeLibraryLoader.EnsureLoaded();
            return NativeText.Borrowed(NativeMethods.duckdb_library_version());
        }
    }

    /// <summary>Opens (or creates) a database file, or an in-memory database when <paramref name="path"/> is null.
    /// Without a <paramref name="config"/>, DuckDB's defaults apply except the time zone, which is UTC.</summary>
    /// <exception cref="DuckDbException">The native library is missing or wrong, a setting is invalid, or DuckDB
    /// cannot open the file.</exception>
    public static DuckDbDatabase Open(string? path = null, DuckDbConfig? config = null)
    {
        NativeLibraryLoader.EnsureLoaded();
        if (NativeMethods.duckdb_create_config(out var configHandle) != DuckDbState.Success)
        {
            configHandle.Dispose();
            throw new DuckDbException("DuckDB could not allocate a configuration.");
        }
        using (configHandle)
        {
            config ??= new DuckDbConfig();
            foreach (var (name, value) in config.AllOptions())
            {
                if (NativeMethods.duckdb_set_config(configHandle, name, value) != DuckDbState.Success)
                {
                    throw new DuckDbException($"Invalid DuckDB setting {name}={value}.");
                }
            }
            if (NativeMethods.duckdb_open_ext(path, out var database, configHandle, out var error) != DuckDbState.Success)
            {
                database.Dispose();
                throw new DuckDbException($"Cannot open DuckDB database {path ?? ":memory:"}: {NativeText.Owned(error)}");
            }
            var opened = new DuckDbDatabase(database, path);
            try
            {
                opened.ApplyTimeZone(config.TimeZone);
                return opened;
            }
            catch
            {
                opened.Dispose();
                throw;
            }
        }
    }

    /// <summary>Opens a connection; each connection is for one thread at a time.</summary>
    public DuckDbConnection Connect()
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        if (NativeMethods.duckdb_connect(_handle, out var connection) != DuckDbState.Success)
        {
            connection.Dispose();
            throw new DuckDbException("DuckDB could not open a connection to the database.");
        }
        return new DuckDbConnection(connection);
    }

    public void Dispose() => _handle.Dispose();

    /// <summary>Registers the batch table function (<see cref="Streaming.DuckDbBatchSource"/>) on first use.</summary>
    internal void EnsureBatchFunction(DuckDbConnection connection)
    {
        lock (_batchFunctionLock)
        {
            if (!_batchFunctionRegistered)
            {
                Streaming.BatchTableFunction.Register(connection);
                _batchFunctionRegistered = true;
            }
        }
    }

    /// <summary>The time zone lives in the ICU extension, which loads only once the database is open: it cannot
    /// go in the start-up config, so it is set globally here, before any caller's connection exists.</summary>
    private void ApplyTimeZone(string? timeZone)
    {
        if (timeZone is null)
        {
            return;
        }
        using var connection = Connect();
        connection.Execute($"SET GLOBAL TimeZone = {DuckDbSql.Literal(timeZone)}");
    }
}
