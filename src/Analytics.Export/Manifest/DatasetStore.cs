using System.Globalization;
using System.Text.Json;
using Analytics.Export.Storage;

namespace Analytics.Export.Manifest;

/// <summary>
/// The dataset root and its manifest for one shard: takes the shard's lock, rolls committed-but-unapplied records
/// forward and deletes uncommitted staged files (recovery), folds the records into <see cref="State"/>, and commits new
/// records. The truth is the set of committed files: a crash at any instant leaves either the old or the new state.
/// </summary>
public sealed partial class DatasetStore : IDisposable
{
    private readonly IDisposable _lock;
    private readonly IDisposable _layoutLock;
    private readonly IDatasetStorage _storage;

    /// <summary>Opened without the exported executions, until <see cref="LoadExportedExecutions"/>.</summary>
    private bool _withoutExecutions;

    private DatasetStore(string root, ShardSpec shard, IDisposable lockFile, IDisposable layoutLock, IDatasetStorage storage)
    {
        Root = root;
        Shard = shard;
        _lock = lockFile;
        _layoutLock = layoutLock;
        _storage = storage;
    }

    /// <summary>Where the dataset lives, for messages (the folder, or its <c>s3://</c> location).</summary>
    public string Location => _storage.Location;

    public string Root { get; }

    public ShardSpec Shard { get; }

    public ManifestState State { get; private set; } = new();

    public string CommitsFolder => Path.Combine(Root, "_manifest", "commits");

    /// <summary>The compacted snapshot of folded commit records (<see cref="TryCompact"/>).</summary>
    public string SnapshotFile => Path.Combine(Root, "_manifest", "snapshot.bin");

    /// <summary>Where this shard stages files before they are committed (never under a table folder).</summary>
    public string StagingFolder => Path.Combine(Root, "_staging", Shard.Tag);

    /// <summary>Where the chunk stage's DuckDB may spill (beside the staging folder, so recovery leaves it alone).</summary>
    public string SpillFolder => Path.Combine(Root, "_staging", Shard.Tag + ".spill");

    /// <summary>Chunks rolled forward and staged chunks discarded by the last recovery.</summary>
    public (int RolledForward, int Discarded) Recovered { get; private set; }

    /// <summary>Opens the dataset for one shard: lock, recover, load. With <paramref name="snapshotDate"/> (an export's), a
    /// run that will take over another layout's snapshot rows of that date first waits for its sibling shards doing the
    /// same (<see cref="WaitForTakeover"/>).</summary>
    /// <exception cref="ExportConflictException">Another run exports the same shard, or another shard layout, into
    /// this dataset.</exception>
    /// <param name="storage">The dataset's durable copy when <paramref name="root"/> is only its local working copy
    /// (S3); the store owns it. Null: <paramref name="root"/> is the dataset.</param>
    /// <param name="exportedExecutions">False: the manifest without its exported executions (<see
    /// cref="ManifestState.WithoutExecutions"/>), until <see cref="LoadExportedExecutions"/>. `analytics compact` merges
    /// without them: 64 MB of GC heap at 1M executions that only the snapshot written at its end reads.</param>
    public static DatasetStore Open(string root, ShardSpec shard, DateOnly? snapshotDate = null, CancellationToken cancellationToken = default, IDatasetStorage? storage = null,
        bool exportedExecutions = true)
    {
        root = Path.GetFullPath(root);
        storage ??= new LocalDatasetStorage(root);
        try
        {
            storage.Lock(shard);
            storage.Recover(root, shard.Tag);
        }
        catch
        {
            storage.Dispose();
            throw;
        }
        var firstManifest = Directory.Exists(root) && !Directory.Exists(Path.Combine(root, "_manifest", "commits"))
            && !File.Exists(Path.Combine(root, "_manifest", "snapshot.bin"));
        Directory.CreateDirectory(Path.Combine(root, "_manifest", "commits"));
        if (firstManifest)
        {
            RegisterPreManifestFiles(root);
        }
        var locks = Directory.CreateDirectory(Path.Combine(root, "_manifest", "locks"));
        // The OS releases both locks when the process dies, however it dies.
        var layoutLock = TakeLayoutLock(locks.FullName, shard, root);
        FileStream lockFile;
        try
        {
            lockFile = new FileStream(Path.Combine(locks.FullName, shard.Tag + ".lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            layoutLock.Dispose();
            storage.Dispose();
            if (e is IOException io && FileLock.IsHeld(io))
            {
                throw new ExportConflictException($"Another export of shard '{shard}' is running into {root} (lock {shard.Tag}.lock is held).", e);
            }
            throw CannotWrite(root, e);
        }
        var store = new DatasetStore(root, shard, lockFile, layoutLock, storage) { _withoutExecutions = !exportedExecutions };
        try
        {
            store.Recover(store.StagingFolder);
            store.LoadChecked();
            if (snapshotDate is { } date)
            {
                store.WaitForTakeover(locks.FullName, date, cancellationToken);
            }
            return store;
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    /// <summary>A lock file that cannot be opened for another reason than a holder (a read-only mount, no permission): the
    /// first write into the dataset fails; the user is told so, not that another export runs.</summary>
    private static IOException CannotWrite(string root, Exception e) => new($"cannot write to {root}: {e.Message}", e);

    public static string CommitName(string runId, int seq) => string.Create(CultureInfo.InvariantCulture, $"{runId}-{seq:D6}");

    /// <summary>The staging folder of one chunk: everything under it is deleted unless its record gets committed.</summary>
    public string ChunkStagingFolder(string runId, int seq) => Path.Combine(StagingFolder, CommitName(runId, seq));

    public string FullPath(string relative) => Path.Combine(Root, relative);

    public string Relative(string fullPath) => Path.GetRelativePath(Root, fullPath).Replace('\\', '/');

    /// <summary>Commits a record (the atomic point), then applies it and folds it into <see cref="State"/>.</summary>
    public void Commit(CommitRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var name = CommitName(record.RunId, record.Seq) + ".json";
        var final = Path.Combine(CommitsFolder, name);
        var temporary = Path.Combine(CommitsFolder, "." + name + ".tmp");
        // The chunk's staging folder marks "maybe not applied yet" for recovery, even for a record that stages nothing.
        Directory.CreateDirectory(ChunkStagingFolder(record.RunId, record.Seq));
        _storage.Stage(Root, record);
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(stream, record, ManifestState.JsonOptions);
            stream.Flush(flushToDisk: true);
        }
        File.Move(temporary, final, overwrite: false);
        _storage.PutManifestFile(Root, Relative(final));
        Apply(record);
        State.Apply(record);
    }

    /// <summary>Keeps a folder written under the root outside the commit protocol (a quarantined history) with the
    /// dataset's durable copy too (on S3: under the dataset's prefix).</summary>
    public void StoreFolder(string folder) => _storage.PutFolder(Root, Relative(folder));

    /// <summary>Deletes removed files, then moves staged files into place; safe to repeat. Removing first means a
    /// reader that globs the table folders may briefly miss rows but never sees them twice (a compacted partition's
    /// file beside the files it replaces).</summary>
    private void Apply(CommitRecord record)
    {
        foreach (var path in record.Removes)
        {
            File.Delete(FullPath(path));
        }
        foreach (var move in record.Adds.Concat(record.Replaces))
        {
            var staged = FullPath(move.Staged);
            if (File.Exists(staged))
            {
                var target = FullPath(move.Path);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Move(staged, target, overwrite: true);
            }
        }
        // The writer's shard folder: recovery by a repair applies other shards' records too.
        var chunkFolder = Path.Combine(Root, "_staging", record.Shard, CommitName(record.RunId, record.Seq));
        if (Directory.Exists(chunkFolder))
        {
            Directory.Delete(chunkFolder, recursive: true);
        }
        _storage.Apply(record);
    }

    /// <summary>Rolls forward the staged chunks of <paramref name="stagingFolder"/> (one shard's) that have a record; deletes the others.</summary>
    private void Recover(string stagingFolder)
    {
        int rolled = 0, discarded = 0;
        foreach (var file in Directory.EnumerateFiles(CommitsFolder, ".*.tmp"))
        {
            File.Delete(file);
        }
        if (Directory.Exists(stagingFolder))
        {
            foreach (var chunk in Directory.EnumerateDirectories(stagingFolder).Order(StringComparer.Ordinal))
            {
                var record = Path.Combine(CommitsFolder, Path.GetFileName(chunk) + ".json");
                if (File.Exists(record))
                {
                    Apply(ManifestState.Read(record));
                    rolled++;
                }
                else
                {
                    Directory.Delete(chunk, recursive: true);
                    discarded++;
                }
            }
        }
        Recovered = (rolled, discarded);
    }

    public void Dispose()
    {
        _lock.Dispose();
        _layoutLock.Dispose();
        _takeoverLock?.Dispose();
        _storage.Dispose();
    }
}
