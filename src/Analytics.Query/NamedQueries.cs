namespace Analytics.Query;

/// <summary>
/// The folder of named queries (<c>queries/*.sql</c>) and its views script (<c>_views.sql</c>). Found, in order: a
/// folder given explicitly, <c>queries/</c> in the current directory or one of its parents (running from the source
/// tree: a query added there is seen without a rebuild), or <c>queries/</c> beside this assembly (the build copies it
/// there).
/// </summary>
public sealed class NamedQueries
{
    public const string ViewsScriptName = "_views.sql";

    private NamedQueries(string directory) => Directory = directory;

    public string Directory { get; }

    /// <summary>The script that creates the dataset views (it expects the <c>data_dir</c> variable).</summary>
    public string ViewsScript => File.ReadAllText(Path.Combine(Directory, ViewsScriptName));

    /// <exception cref="QueryException">No queries folder with a views script was found.</exception>
    public static NamedQueries Locate(string? directory = null)
    {
        if (directory is not null)
        {
            return IsQueriesFolder(directory)
                ? new NamedQueries(Path.GetFullPath(directory))
                : throw new QueryException($"'{directory}' is not a queries folder (it has no {ViewsScriptName}).");
        }
        foreach (var candidate in Candidates())
        {
            if (IsQueriesFolder(candidate))
            {
                return new NamedQueries(Path.GetFullPath(candidate));
            }
        }
        throw new QueryException($"Cannot find the queries folder ({ViewsScriptName}) beside {AppContext.BaseDirectory} or above {Environment.CurrentDirectory}.");
    }

    /// <summary>Every named query, by name (files starting with '_' are support scripts, not queries).</summary>
    public IReadOnlyList<NamedQuery> All() =>
        System.IO.Directory.EnumerateFiles(Directory, "*.sql")
            .Where(path => !Path.GetFileName(path).StartsWith('_'))
            .Order(StringComparer.Ordinal)
            .Select(Load)
            .ToList();

    /// <exception cref="QueryException">No query of that name; the message lists the ones there are.</exception>
    public NamedQuery Get(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var valid = name.Length > 0 && !name.StartsWith('_') && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');
        var path = Path.Combine(Directory, name + ".sql");
        if (!valid || !File.Exists(path))
        {
            throw new QueryException($"No named query '{name}'. Available: {string.Join(", ", All().Select(q => q.Name))}.");
        }
        return Load(path);
    }

    private static NamedQuery Load(string path) => new(Path.GetFileNameWithoutExtension(path), path, File.ReadAllText(path));

    private static bool IsQueriesFolder(string directory) => File.Exists(Path.Combine(directory, ViewsScriptName));

    private static IEnumerable<string> Candidates()
    {
        for (var folder = new DirectoryInfo(Environment.CurrentDirectory); folder is not null; folder = folder.Parent)
        {
            yield return Path.Combine(folder.FullName, "queries");
        }
        yield return Path.Combine(AppContext.BaseDirectory, "queries");
        var assemblyFolder = Path.GetDirectoryName(typeof(NamedQueries).Assembly.Location);
        if (!string.IsNullOrEmpty(assemblyFolder))
        {
            yield return Path.Combine(assemblyFolder, "queries");
        }
    }
}
