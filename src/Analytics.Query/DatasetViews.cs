using System.Globalization;
using Analytics.DuckDb;
using Analytics.Export.Manifest;

namespace Analytics.Query;

/// <summary>
/// Exposes a dataset folder to SQL. First the SPEC §5 views of <c>queries/_views.sql</c> (typed columns that exist
/// even before a table has files, Hive <c>date</c> partitions as DATE, schema evolution by name); then one plain view
/// per other table folder holding Parquet files (a table a newer exporter added). Folders named with a leading '_'
/// (e.g. <c>_manifest</c>) or '.' are not tables. A folder is a dataset when it holds <c>_manifest/</c> (an export
/// wrote it) or a folder of a SPEC table (an import wrote it); any other folder is refused at once rather than
/// searched (<c>--data /</c> would walk the whole disk). In a dataset with a manifest the views read only the files
/// it lists (SPEC §5), passed to <c>read_parquet</c> as a list; without one (an import's), every file.
/// </summary>
public static class DatasetViews
{
    /// <summary>The export's manifest folder: its presence makes a folder a dataset even before any table has files.</summary>
    public const string ManifestFolder = "_manifest";

    // A table's files sit at <table>/date=.../*.parquet (or directly under <table>/): no deeper search is needed.
    private static readonly EnumerationOptions s_tableFiles = new() { RecurseSubdirectories = true, MaxRecursionDepth = 2, IgnoreInaccessible = true };

    /// <summary>Creates (or replaces) the views and returns the names of those backed by files, sorted.</summary>
    /// <exception cref="DirectoryNotFoundException"><paramref name="dataRoot"/> does not exist.</exception>
    /// <exception cref="DuckDbException">DuckDB cannot read a table's files.</exception>
    /// <exception cref="QueryException">The folder is not a dataset.</exception>
    public static IReadOnlyList<string> Create(DuckDbConnection connection, string dataRoot, NamedQueries? queries = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentException.ThrowIfNullOrWhiteSpace(dataRoot);
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(dataRoot));
        if (!Directory.Exists(root))
        {
            throw new DirectoryNotFoundException($"Dataset folder {root} does not exist.");
        }
        connection.Execute($"SET VARIABLE data_dir = {DuckDbSql.Literal(root)}");
        var viewsScript = (queries ?? NamedQueries.Locate()).ViewsScript;
        var manifest = LoadManifest(root);
        var committed = manifest is null ? null : CommittedFiles(manifest);
        if (committed is null)
        {
            connection.Execute("RESET VARIABLE analytics_files; RESET VARIABLE analytics_arn_files; RESET VARIABLE analytics_rollup_dates; "
                + "RESET VARIABLE analytics_newest_date");
        }
        else
        {
            // Rollups are read only while they match their date's files and this views script (Rollup.Current).
            var rollups = Rollup.All.ToDictionary(rollup => rollup.Table, rollup => rollup.Current(manifest!.Files.Keys, manifest.FileStats, viewsScript));
            var complete = WithAccountAndRegion(connection, root, manifest!, committed.Values.SelectMany(files => files).Where(file => !Rollup.IsRollupFile(file)));
            complete.UnionWith(rollups.Values.SelectMany(files => files));
            connection.Execute(FilesVariable("analytics_files", root, committed, complete.Contains));
            connection.Execute(FilesVariable("analytics_arn_files", root, committed, file => !complete.Contains(file) && !Rollup.IsRollupFile(file)));
            // Per rollup table, the dates of its current rollups (from_rollup in _views.sql).
            connection.Execute("SET VARIABLE analytics_rollup_dates = MAP {" + string.Join(", ", rollups.Select(r => DuckDbSql.Literal(r.Key) + ": ["
                + string.Join(", ", r.Value.Select(file => DuckDbSql.Literal(file.Split('/')[1][5..]) + "::DATE").Order(StringComparer.Ordinal)) + "]::DATE[]")) + "}");
            // The newest executions date from the file names, so the views script need not read the rows for it.
            var newest = (committed.GetValueOrDefault("executions") ?? [])
                .Select(file => file.Split('/'))
                .Select(parts => parts.Length == 3 && DatasetStore.TryPartitionDate(parts[1], out var date) ? date : (DateOnly?)null)
                .Max();
            connection.Execute(newest is { } day
                ? $"SET VARIABLE analytics_newest_date = DATE '{day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}'"
                : "RESET VARIABLE analytics_newest_date");
        }
        connection.Execute(viewsScript);
        var specViews = ViewNames(connection);
        if (!Directory.Exists(Path.Combine(root, ManifestFolder)) && !specViews.Any(view => Directory.Exists(Path.Combine(root, view))))
        {
            throw new QueryException(
                $"'{root}' is not a dataset: a dataset folder holds {ManifestFolder}/ and table folders such as "
                + "executions/date=YYYY-MM-DD/*.parquet (what 'analytics export --out' or 'analytics import --out' writes).");
        }

        var tables = new List<string>();
        foreach (var folder in Directory.EnumerateDirectories(root).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(folder);
            List<string>? listed = null;
            if (name.StartsWith('_') || name.StartsWith('.')
                || (committed is null ? !ContainsParquet(folder) : !committed.TryGetValue(name, out listed)))
            {
                continue;
            }
            if (!specViews.Contains(name))
            {
                var files = listed is null ? DuckDbSql.Literal(Path.Combine(folder, "**", "*.parquet")) : ListSql(root, listed);
                connection.Execute(
                    $"CREATE OR REPLACE TEMP VIEW {DuckDbSql.Identifier(name)} AS "
                    + $"SELECT * FROM read_parquet({files}, hive_partitioning = true, union_by_name = true)");
            }
            tables.Add(name);
        }
        return tables;
    }

    /// <summary>
    /// The manifest's committed state (its files), or null for a dataset without a manifest (an import's: every file
    /// counts). SPEC §5: the manifest is the truth, so a stray Parquet file is never read.
    /// </summary>
    private static ManifestState? LoadManifest(string root)
    {
        try
        {
            return DatasetStore.LoadCommittedFiles(root);
        }
        catch (ManifestDamagedException e)
        {
            throw new QueryException(e.Message);
        }
    }

    /// <summary>The manifest's committed files (relative paths) per table folder.</summary>
    private static Dictionary<string, List<string>> CommittedFiles(ManifestState state) =>
        state.Files.Keys
            .GroupBy(path => path[..Math.Max(0, path.IndexOf('/', StringComparison.Ordinal))], StringComparer.Ordinal)
            .Where(g => g.Key.Length > 0)
            .ToDictionary(g => g.Key, g => g.Order(StringComparer.Ordinal).ToList(), StringComparer.Ordinal);

    /// <summary>
    /// The files (relative paths) that have account_id and region in every row, so their rows need none from the ARN:
    /// as the manifest recorded when they were written. Only files committed before it recorded that have their footers
    /// read (DuckDB's metadata cache keeps them for the views' own reads).
    /// </summary>
    private static HashSet<string> WithAccountAndRegion(DuckDbConnection connection, string root, ManifestState state, IEnumerable<string> files)
    {
        var complete = new HashSet<string>(StringComparer.Ordinal);
        var unknown = new List<string>();
        foreach (var file in files)
        {
            if (state.FileStats.GetValueOrDefault(file)?.AccountRegion is not { } known)
            {
                unknown.Add(file);
            }
            else if (known)
            {
                complete.Add(file);
            }
        }
        if (unknown.Count > 0)
        {
            var byFullPath = unknown.ToDictionary(file => Path.Combine(root, file), StringComparer.Ordinal);
            complete.UnionWith(Strings(connection, ParquetFacts.WithAccountAndRegionSql(ListSql(root, unknown))).Select(path => byFullPath[path]));
        }
        return complete;
    }

    /// <summary>SET VARIABLE name = MAP {table: SQL list of its files that <paramref name="include"/> admits}.</summary>
    private static string FilesVariable(string name, string root, Dictionary<string, List<string>> committed, Func<string, bool> include) =>
        $"SET VARIABLE {name} = MAP {{'': '[]'" + string.Concat(committed.Select(t =>
            $", {DuckDbSql.Literal(t.Key)}: {DuckDbSql.Literal(ListSql(root, t.Value.Where(include).ToList()))}")) + "}";

    /// <summary>A DuckDB list literal of the files' absolute paths (read_parquet's file list).</summary>
    private static string ListSql(string root, List<string> files) =>
        "[" + string.Join(", ", files.Select(f => DuckDbSql.Literal(Path.Combine(root, f)))) + "]";

    private static HashSet<string> ViewNames(DuckDbConnection connection) =>
        Strings(connection, "SELECT view_name FROM duckdb_views() WHERE NOT internal");

    /// <summary>The values of the first (VARCHAR) column of a query's rows.</summary>
    private static HashSet<string> Strings(DuckDbConnection connection, string sql)
    {
        var values = new HashSet<string>(StringComparer.Ordinal);
        using var result = connection.Query(sql);
        while (result.NextChunk() is { } chunk)
        {
            using (chunk)
            {
                var vector = chunk.GetVector(0);
                for (var row = 0; row < chunk.RowCount; row++)
                {
                    values.Add(vector.GetString(row));
                }
            }
        }
        return values;
    }

    private static bool ContainsParquet(string folder) =>
        Directory.EnumerateFiles(folder, "*.parquet", s_tableFiles).Any();
}
