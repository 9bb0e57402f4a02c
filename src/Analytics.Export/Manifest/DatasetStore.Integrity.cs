using System.Globalization;

namespace Analytics.Export.Manifest;

// The manifest against the files under the table folders (SPEC §5: the manifest is the truth). Every run checks, as
// it opens the dataset, that each committed file is still there with its committed size (one stat per file) and that
// no table folder holds a file the manifest does not list:
//   * a lost or damaged committed file is re-fetched: a repair record quarantines what is left of its chunk, forgets
//     the chunk's executions and clears the watermarks, so this run lists everything again and fetches exactly the
//     executions that are no longer exported (a logged warning says so);
//   * an unlisted file is refused (ManifestDamagedException, exit 3 naming `analytics repair`): it may be a stray copy
//     or the data of a lost snapshot or commit record, and only a repair that reads the files can tell which without
//     duplicating rows.
public sealed partial class DatasetStore
{
    // A table's files sit at <table>/date=.../*.parquet: no deeper search is needed.
    private static readonly EnumerationOptions s_tableFiles = new() { RecurseSubdirectories = true, MaxRecursionDepth = 2, IgnoreInaccessible = true };

    /// <summary>The files the last open found lost and had re-fetched (empty when none were).</summary>
    public IReadOnlyList<string> LostFiles { get; private set; } = [];

    /// <summary>The chunks whose executions the last open forgot so that they are fetched again.</summary>
    public IReadOnlyList<string> ForgottenChunks { get; private set; } = [];

    /// <summary>Parquet files (relative paths) under the table folders, whatever the manifest says.</summary>
    public static List<string> TableFiles(string root)
    {
        var files = new List<string>();
        foreach (var folder in Directory.EnumerateDirectories(root))
        {
            var name = Path.GetFileName(folder);
            if (name.StartsWith('_') || name.StartsWith('.'))
            {
                continue;
            }
            files.AddRange(Directory.EnumerateFiles(folder, "*.parquet", s_tableFiles).Select(f => Path.GetRelativePath(root, f).Replace('\\', '/')));
        }
        files.Sort(StringComparer.Ordinal);
        return files;
    }

    /// <summary>Committed files that are gone, or whose size is not the committed one.</summary>
    public static List<string> Lost(string root, ManifestState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.Files.Keys.Where(path =>
        {
            var info = new FileInfo(Path.Combine(root, path));
            return !info.Exists || (state.FileStats.TryGetValue(path, out var stat) && stat.Bytes != info.Length);
        }).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>Files of <paramref name="onDisk"/> the manifest does not list (and that still exist).</summary>
    public static List<string> Unlisted(string root, IEnumerable<string> onDisk, ManifestState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return onDisk.Where(path => !state.Files.ContainsKey(path) && File.Exists(Path.Combine(root, path))).ToList();
    }

    /// <summary>
    /// The committed state with only what the query layer needs (the files and their stats), read under the
    /// manifest lock when the dataset is writable (so a compaction is never seen half done). Null when the folder has
    /// no manifest (no commits folder nor snapshot: an imported dataset, where every file counts).
    /// </summary>
    /// <exception cref="ManifestDamagedException">The manifest does not parse.</exception>
    public static ManifestState? LoadCommittedFiles(string root, bool filesOnly = true)
    {
        // An export creates _manifest/commits as it opens the dataset; a bare _manifest/ is no manifest yet.
        var manifest = Path.Combine(root, "_manifest");
        if (!Directory.Exists(Path.Combine(manifest, "commits")) && !File.Exists(Path.Combine(manifest, "snapshot.bin")))
        {
            return null;
        }
        FileStream? manifestLock = null;
        try
        {
            manifestLock = LockManifest(root, exclusive: false, wait: true);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            // A read-only dataset: nobody compacts it while we read.
        }
        using (manifestLock)
        {
            return ManifestState.Load(Path.Combine(manifest, "commits"), Path.Combine(manifest, "snapshot.bin"), filesOnly);
        }
    }

    /// <summary>Loads the manifest, refuses unlisted files and has lost ones fetched again (see above).</summary>
    private void LoadChecked()
    {
        // Files first, manifest second: a file another shard commits in between is then listed (its record comes first).
        var onDisk = TableFiles(Root);
        LoadState();
        var unlisted = Unlisted(Root, onDisk, State);
        if (unlisted.Count > 0)
        {
            // A file another shard removed (rewrite, new snapshot) between the two looks: look once more.
            onDisk = TableFiles(Root);
            LoadState();
            unlisted = Unlisted(Root, onDisk, State);
        }
        if (unlisted.Count > 0)
        {
            throw new ManifestDamagedException(null, string.Create(CultureInfo.InvariantCulture,
                $"{unlisted.Count} file(s) in {Root} are not in its manifest (first: {unlisted[0]}): a stray copy, or the data of a lost _manifest/snapshot.bin or commit record"), null);
        }
        var lost = Lost(Root, State);
        for (var look = 0; lost.Count > 0 && look < 3; look++)
        {
            // Another shard may have rewritten one of its files since the load, or be between writing a record and
            // moving its files into place (its chunk staging folder exists meanwhile): look again, a little later.
            if (AnyChunkStaged())
            {
                Thread.Sleep(200);
            }
            LoadState();
            lost = Lost(Root, State);
        }
        if (lost.Count > 0)
        {
            var record = NewRepairRecord(DateTimeOffset.UtcNow);
            ForgetLost(record, lost);
            Commit(record);
            LostFiles = lost;
            ForgottenChunks = record.ForgottenChunks;
        }
    }

    /// <summary>
    /// Loads the exported executions of a store opened without them (<see cref="Open"/>), which writing the snapshot
    /// (<see cref="TryCompact"/>) needs: the manifest is read again, with every record this process has committed.
    /// </summary>
    public void LoadExportedExecutions()
    {
        if (_withoutExecutions)
        {
            _withoutExecutions = false;
            LoadState();
        }
    }

    private void LoadState()
    {
        using (LockManifest(exclusive: false, wait: true))
        {
            State = ManifestState.Load(CommitsFolder, SnapshotFile, executions: !_withoutExecutions);
        }
    }

    private CommitRecord NewRepairRecord(DateTimeOffset now) => new()
    {
        // Sorts with the run ids (by time), so it is applied after every record it repairs.
        RunId = string.Create(CultureInfo.InvariantCulture, $"{now:yyyyMMdd'T'HHmmssfff'Z'}-repair-{Random.Shared.Next(0x1000000):x6}"),
        Seq = 0,
        Shard = Shard.Tag,
        CommittedAt = now,
    };

    /// <summary>Where a repair moves the files it takes out of the dataset.</summary>
    private string QuarantineFolder(CommitRecord record) => Path.Combine(Root, "_quarantine", record.RunId);

    /// <summary>
    /// Takes lost committed files out of the manifest. A chunk with a lost file is taken out whole (its other files are
    /// quarantined, its executions forgotten and the watermarks cleared), so that the next listing fetches its
    /// executions again and no row is duplicated; a lost file of a snapshot or run group is only dropped (a past
    /// snapshot cannot be fetched again; the next run writes today's).
    /// </summary>
    private void ForgetLost(CommitRecord record, IEnumerable<string> lost)
    {
        var removes = new SortedSet<string>(StringComparer.Ordinal);
        var chunks = new SortedSet<string>(StringComparer.Ordinal);
        var groups = new Queue<string>();
        foreach (var path in lost)
        {
            removes.Add(path);
            groups.Enqueue(State.Files[path]);
        }
        // A compacted partition's file holds rows of many chunks: those chunks go (with every file holding their
        // rows, and so on), or their executions would be fetched again beside rows still there.
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (groups.TryDequeue(out var group))
        {
            if (!seen.Add(group))
            {
                continue;
            }
            var sources = State.Merged.TryGetValue(group, out var merged) ? merged : null;
            if (IsChunkGroup(group) || sources is not null)
            {
                chunks.UnionWith(IsChunkGroup(group) ? [group] : sources!.Where(IsChunkGroup));
                foreach (var file in State.FilesHolding(group))
                {
                    removes.Add(file);
                    groups.Enqueue(State.Files[file]);
                }
                foreach (var source in sources ?? [])
                {
                    groups.Enqueue(source);
                }
            }
        }
        foreach (var path in removes)
        {
            MoveToQuarantine(record, path);
        }
        record.Removes.AddRange(removes);
        record.ForgottenChunks.AddRange(chunks);
        record.WatermarksCleared |= chunks.Count > 0;
    }

    /// <summary>Moves a file of the dataset (relative path) under the repair's quarantine folder, when it exists.</summary>
    private string? MoveToQuarantine(CommitRecord record, string relative)
    {
        var source = FullPath(relative);
        if (!File.Exists(source))
        {
            return null;
        }
        var target = Path.Combine(QuarantineFolder(record), relative);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Move(source, target, overwrite: true);
        return target;
    }

    /// <summary>Chunk groups are named <c>&lt;run-id&gt;-&lt;seq&gt;</c>; snapshot, run and import groups have a kind prefix.</summary>
    internal static bool IsChunkGroup(string group) => !group.Contains('/', StringComparison.Ordinal);
}
