using AdoConnection = DuckDB.NET.Data.DuckDBConnection;

namespace Analytics.DuckDb;

/// <summary>
/// An open DuckDB database, in memory or in a file, through DuckDB.NET's ADO.NET provider (which also loads the
/// native library from its package). Thread-safe: open one connection per thread with <see cref="Connect"/>.
/// Disposing closes it once its connections are disposed too.
/// </summary>
public sealed class DuckDbDatabase : IDisposable
{
    private readonly AdoConnection _root;
    private readonly Lock _batchFunctionLock = new();
    private bool _batchFunctionRegistered;

    private DuckDbDatabase(AdoConnection root, string? path)
    {
        _root = root;
        Path = path;
    }

    /// <summary>The database file, or null for an in-memory database.</summary>
    public string? Path { get; }

    /// <summary>What a build without the native library for this platform says.</summary>
    internal const string MissingLibrary =
        "DuckDB's native library (libduckdb, from the DuckDB.NET.Data.Full package) is not next to the binaries or not for this platform. "
        + "Rebuild with `make build`, or `dotnet build -r <runtime id>` for another platform.";

    /// <summary>The DuckDB release actually loaded, e.g. "v1.5.6".</summary>
    /// <exception cref="DuckDbException">The native library is missing.</exception>
    public static string LibraryVersion
    {
        get
        {
            try
            {
                return Duck.Startup.DuckDBLibraryVersion();
            }
            catch (DllNotFoundException ex)
            {
                throw new DuckDbException(MissingLibrary, ex);
            }
        }
    }

    /// <summary>Opens (or creates) a database file, or an in-memory database when <paramref name="path"/> is null.
    /// Without a <paramref name="config"/>, DuckDB's defaults apply except the time zone, which is UTC.</summary>
    /// <exception cref="DuckDbException">The native library is missing, a setting is invalid, or DuckDB cannot open
    /// the file.</exception>
    public static DuckDbDatabase Open(string? path = null, DuckDbConfig? config = null)
    {
        // DuckDB.NET's connection string splits on ';' without quoting, so a path holding one cannot be named there.
        if (path is not null && path.Contains(';', StringComparison.Ordinal))
        {
            throw new DuckDbException($"Cannot open DuckDB database {path}: the path contains ';'.");
        }
        var root = new AdoConnection($"Data Source={path ?? ":memory:"}");
        try
        {
            root.Open();
        }
        catch (DuckDB.NET.Data.DuckDBException ex)
        {
            root.Dispose();
            throw new DuckDbException($"Cannot open DuckDB database {path ?? ":memory:"}: {ex.Message}", ex);
        }
        catch (DllNotFoundException ex)
        {
            root.Dispose();
            throw new DuckDbException(MissingLibrary, ex);
        }
        var opened = new DuckDbDatabase(root, path);
        try
        {
            opened.Apply(config ?? new DuckDbConfig());
            return opened;
        }
        catch
        {
            opened.Dispose();
            throw;
        }
    }

    /// <summary>Opens a connection; each connection is for one thread at a time.</summary>
    public DuckDbConnection Connect()
    {
        ObjectDisposedException.ThrowIf(_root.State != System.Data.ConnectionState.Open, this);
        // An in-memory database is reached only through its first connection; a file, by its name (DuckDB.NET keeps
        // one open database per file and counts the connections to it).
        var connection = Path is null ? _root.Duplicate() : new AdoConnection(_root.ConnectionString);
        try
        {
            connection.Open();
            return new DuckDbConnection(connection);
        }
        catch (DuckDB.NET.Data.DuckDBException ex)
        {
            connection.Dispose();
            throw new DuckDbException($"DuckDB could not open a connection to the database: {ex.Message}", ex);
        }
    }

    public void Dispose() => _root.Dispose();

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

    /// <summary>
    /// Settings are applied as global SETs before any caller's connection exists, not through the connection string
    /// (whose parser cannot quote a value holding ';', such as a spill folder's path). The time zone lives in the ICU
    /// extension, which loads only once the database is open, so it could not go in a start-up config anyway.
    /// </summary>
    private void Apply(DuckDbConfig config)
    {
        using var connection = Connect();
        foreach (var (name, value) in config.AllOptions())
        {
            if (name.Length == 0 || !name.All(c => char.IsAsciiLetterLower(c) || c == '_'))
            {
                throw new DuckDbException($"Invalid DuckDB setting name '{name}'.");
            }
            try
            {
                connection.Execute($"SET GLOBAL {name} = {DuckDbSql.Literal(value)}");
            }
            catch (DuckDbException ex)
            {
                throw new DuckDbException($"Invalid DuckDB setting {name}={value}: {ex.Message}", ex);
            }
        }
        if (config.TimeZone is { } timeZone)
        {
            connection.Execute($"SET GLOBAL TimeZone = {DuckDbSql.Literal(timeZone)}");
        }
    }
}
