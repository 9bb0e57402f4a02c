using System.Globalization;
using System.Text.Json;
using Analytics.DuckDb;

namespace Analytics.Export.Manifest;

// Files `analytics import` writes join the manifest too, since the manifest is what the query layer reads: an import
// into an exported dataset commits a record of its own (group import/<run-id>), and the first export into a folder an
// import filled (no manifest yet, every file counted) takes the files already there into the manifest the same way.
public sealed partial class DatasetStore
{
    /// <summary>
    /// Commits files already in place (full paths under <paramref name="root"/>) as one group. False when the folder
    /// has no manifest (an import-only dataset, where every file counts).
    /// </summary>
    public static bool RegisterImported(string root, string runId, IEnumerable<string> files)
    {
        root = Path.GetFullPath(root);
        var commits = Path.Combine(root, "_manifest", "commits");
        if (!Directory.Exists(commits))
        {
            return false;
        }
        // Already in place: there is nothing staged to move (Apply skips a staged path that does not exist).
        var record = ImportRecord(root, runId, "import", files.Select(Path.GetFullPath)
            .Select(file => (Staged: file, Relative: Path.GetRelativePath(root, file).Replace('\\', '/'))), relative => "_staging/adopted/" + relative);
        if (record.Adds.Count == 0)
        {
            return true;
        }
        var name = CommitName(runId, 0) + ".json";
        var temporary = Path.Combine(commits, "." + name + ".tmp");
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(stream, record, ManifestState.JsonOptions);
            stream.Flush(flushToDisk: true);
        }
        File.Move(temporary, Path.Combine(commits, name), overwrite: false);
        return true;
    }

    /// <summary>
    /// Commits an import written under this store's staging folder (<see cref="ImportStagingFolder"/>, laid out as
    /// the dataset) as one record, through the commit protocol and under this writer's lock, as an export's chunk.
    /// </summary>
    public void CommitImport(string runId, IEnumerable<string> stagedFiles)
    {
        var staging = ImportStagingFolder(runId);
        var record = ImportRecord(Root, runId, Shard.Tag, stagedFiles.Select(Path.GetFullPath)
            .Select(file => (Staged: file, Relative: Path.GetRelativePath(staging, file).Replace('\\', '/'))), null);
        if (record.Adds.Count > 0)
        {
            Commit(record);
        }
    }

    /// <summary>Where an import into this store writes its files before its commit (the chunk folder of its record).</summary>
    public string ImportStagingFolder(string runId) => ChunkStagingFolder(runId, 0);

    /// <summary>An import's record: every file (staged where it is, committed at its relative path) in group
    /// <c>import/&lt;run-id&gt;</c>, with its size and footer row count.</summary>
    private static CommitRecord ImportRecord(string root, string runId, string shard, IEnumerable<(string Staged, string Relative)> files, Func<string, string>? stagedAs)
    {
        var record = new CommitRecord { RunId = runId, Seq = 0, Shard = shard, CommittedAt = DateTimeOffset.UtcNow };
        using var database = DuckDbDatabase.Open();
        using var connection = database.Connect();
        foreach (var (staged, relative) in files.OrderBy(f => f.Relative, StringComparer.Ordinal))
        {
            var move = ParquetFacts.Move(connection, root, staged, relative, "import/" + runId);
            record.Adds.Add(stagedAs is null ? move : move with { Staged = stagedAs(relative) });
        }
        return record;
    }

    /// <summary>
    /// The first export into an import's folder: the files there become an import group of the new manifest. Files
    /// named as an export names them are left out: they are an export's whose manifest was lost, and only a repair can
    /// take them back without fetching their executions again (the run's start check refuses them).
    /// </summary>
    private static void RegisterPreManifestFiles(string root)
    {
        var files = TableFiles(root).Where(f => ExportGroupOf(f) is null).ToList();
        if (files.Count > 0)
        {
            RegisterImported(root, string.Create(CultureInfo.InvariantCulture, $"import-before-manifest-{DateTimeOffset.UtcNow:yyyyMMdd'T'HHmmss'Z'}"),
                files.Select(f => Path.Combine(root, f)));
        }
    }
}
