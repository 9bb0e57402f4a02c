using System.Text.RegularExpressions;
using Analytics.DuckDb;

namespace Analytics.Query;

/// <summary>Settings of a <see cref="QuerySession"/>.</summary>
public sealed record QuerySessionOptions
{
    /// <summary>Lets statements write files, attach databases, load extensions and change settings.</summary>
    public bool AllowWrites { get; init; }

    /// <summary>DuckDB worker threads; null = all cores.</summary>
    public int? Threads { get; init; }

    /// <summary>Where the named queries and the views script are; null = <see cref="NamedQueries.Locate"/>.</summary>
    public NamedQueries? Queries { get; init; }
}

/// <summary>
/// An in-memory DuckDB session over one dataset: the views of <c>_views.sql</c> are created first, then, unless
/// writes are allowed, the session is sandboxed (file access limited to the dataset folder, no extension loading,
/// configuration locked) and every SQL text must pass <see cref="ReadOnlyGuard"/>. Use from one thread.
/// </summary>
public sealed partial class QuerySession : IDisposable
{
    private readonly DuckDbDatabase _database;
    private readonly DuckDbConnection _connection;
    private readonly List<string> _variablesSet = [];

    private readonly string _spillDirectory;

    private QuerySession(DuckDbDatabase database, DuckDbConnection connection, NamedQueries queries, string? dataDirectory, bool allowWrites,
        string spillDirectory)
    {
        _database = database;
        _connection = connection;
        _spillDirectory = spillDirectory;
        Queries = queries;
        DataDirectory = dataDirectory;
        AllowWrites = allowWrites;
    }

    public NamedQueries Queries { get; }

    /// <summary>The dataset root, or null for a session without a dataset.</summary>
    public string? DataDirectory { get; }

    public bool AllowWrites { get; }

    /// <summary>Opens a session over a dataset folder, or over no dataset (<paramref name="dataDirectory"/> null:
    /// plain SQL, no views; file access is then closed entirely unless writes are allowed).</summary>
    /// <exception cref="QueryException">The dataset folder does not exist, or the views cannot be created.</exception>
    public static QuerySession Open(string? dataDirectory, QuerySessionOptions? options = null)
    {
        options ??= new QuerySessionOptions();
        string? root = null;
        if (dataDirectory is not null)
        {
            root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(dataDirectory));
            if (!Directory.Exists(root))
            {
                throw new QueryException($"The dataset folder '{dataDirectory}' does not exist.");
            }
        }
        var queries = options.Queries ?? NamedQueries.Locate();
        var database = DuckDbDatabase.Open(null, new DuckDbConfig { Threads = options.Threads });
        DuckDbConnection? connection = null;
        // DuckDB's default spill folder is ./.tmp, which the sandbox would then let SQL read: use a private one instead.
        var spill = Directory.CreateTempSubdirectory("analytics-query-").FullName;
        try
        {
            connection = database.Connect();
            connection.Execute("SET TimeZone = 'UTC'");
            // Parquet footers are read at view set-up (file statistics, each view's schema) and again by every query:
            // keep them parsed, not re-read from each of the dataset's files every time.
            connection.Execute("SET parquet_metadata_cache = true");
            connection.Execute($"SET temp_directory = {DuckDbSql.Literal(spill)}");
            if (root is not null)
            {
                DatasetViews.Create(connection, root, queries);
            }
            if (!options.AllowWrites)
            {
                // Reads stay possible inside the dataset only; nothing may widen that later in the session.
                var allowed = root is null ? "[]" : $"[{DuckDbSql.Literal(root + Path.DirectorySeparatorChar)}]";
                connection.Execute(
                    $"SET allowed_directories = {allowed};"
                    + "SET autoinstall_known_extensions = false; SET autoload_known_extensions = false;"
                    + "SET enable_external_access = false; SET lock_configuration = true;");
            }
            return new QuerySession(database, connection, queries, root, options.AllowWrites, spill);
        }
        catch (Exception e) when (e is DuckDbException or QueryException)
        {
            connection?.Dispose();
            database.Dispose();
            Directory.Delete(spill, recursive: true);
            throw e as QueryException ?? new QueryException($"Cannot create the dataset views over '{root}': {e.Message}", e);
        }
    }

    /// <summary>Asks the running statement to stop (from another thread, e.g. on Ctrl+C).</summary>
    public void Interrupt() => _connection.Interrupt();

    /// <summary>
    /// Runs SQL text (one or more statements; the last one's result is returned, streaming: read it chunk by chunk, and
    /// dispose it before running anything else on this session).
    /// </summary>
    /// <exception cref="QueryException">Refused by the read-only guard, a bad parameter, or DuckDB's error.</exception>
    public DuckDbResult Execute(string sql, QueryParameters? parameters = null) => Start(sql, parameters, _connection.QueryStreaming);

    /// <summary>As <see cref="Execute"/>, the result as Arrow record batches (DuckDB's own Arrow conversion).</summary>
    /// <exception cref="QueryException">Refused by the read-only guard, a bad parameter, or DuckDB's error.</exception>
    public DuckDbArrowStream ExecuteArrow(string sql, QueryParameters? parameters = null) => Start(sql, parameters, _connection.QueryArrow);

    private T Start<T>(string sql, QueryParameters? parameters, Func<string, T> run)
    {
        ArgumentNullException.ThrowIfNull(sql);
        try
        {
            if (!AllowWrites)
            {
                ReadOnlyGuard.EnsureQueriesOnly(_connection, sql);
            }
            ApplyParameters(parameters ?? QueryParameters.Empty);
            return run(sql);
        }
        catch (DuckDbException e)
        {
            throw new QueryException(e.Message, e);
        }
    }

    /// <summary>Runs SQL text and reads the whole result.</summary>
    public QueryTable Run(string sql, QueryParameters? parameters = null)
    {
        using var result = Execute(sql, parameters);
        try
        {
            return QueryTable.Read(result);
        }
        catch (DuckDbException e)
        {
            throw new QueryException(e.Message, e);
        }
    }

    /// <summary>Runs a named query of <see cref="Queries"/>.</summary>
    /// <exception cref="QueryException">Unknown query, or a parameter the query does not use.</exception>
    public QueryTable RunNamed(string name, QueryParameters? parameters = null)
    {
        var query = Queries.Get(name);
        CheckParameters(query, parameters ?? QueryParameters.Empty);
        return Run(query.Sql, parameters);
    }

    /// <summary>Parameters a named query reads (its own getvariable calls and those of the views' window macros).</summary>
    public IReadOnlySet<string> ParametersOf(NamedQuery query)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var text in new[] { query.Sql, Queries.ViewsScript })
        {
            foreach (Match match in VariablePattern().Matches(text))
            {
                var name = match.Groups[1].Value;
                if (name != "data_dir" && !name.StartsWith("analytics_", StringComparison.Ordinal))
                {
                    names.Add(name);
                }
            }
        }
        return names;
    }

    public void CheckParameters(NamedQuery query, QueryParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(parameters);
        var known = ParametersOf(query);
        foreach (var name in parameters.Values.Keys)
        {
            if (!known.Contains(name))
            {
                throw new QueryException($"Query '{query.Name}' has no parameter '{name}' (it takes: {string.Join(", ", known)}).");
            }
        }
    }

    public void Dispose()
    {
        _connection.Dispose();
        _database.Dispose();
        if (Directory.Exists(_spillDirectory))
        {
            Directory.Delete(_spillDirectory, recursive: true);
        }
    }

    /// <summary>The folders SQL may read in a sandboxed session: the dataset and the session's private spill folder.</summary>
    public IReadOnlyList<string> AllowedDirectories()
    {
        var table = Run("SELECT unnest(current_setting('allowed_directories')::VARCHAR[]) ORDER BY 1");
        return table.Rows.Select(row => (string)row[0]!).ToList();
    }

    private void ApplyParameters(QueryParameters parameters)
    {
        foreach (var name in _variablesSet)
        {
            _connection.Execute($"RESET VARIABLE {DuckDbSql.Identifier(name)}");
        }
        _variablesSet.Clear();
        foreach (var (name, value) in parameters.Values)
        {
            // The name matched [A-Za-z_][A-Za-z0-9_]* (QueryParameters.Set); the value is a checked literal.
            _connection.Execute($"SET VARIABLE {DuckDbSql.Identifier(name)} = {QueryParameters.ToSqlLiteral(name, value)}");
            _variablesSet.Add(name);
        }
    }

    [GeneratedRegex(@"getvariable\(\s*'([A-Za-z_][A-Za-z0-9_]*)'\s*\)", RegexOptions.IgnoreCase)]
    private static partial Regex VariablePattern();
}
