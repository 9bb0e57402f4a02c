using Analytics.Export.Storage;

namespace Analytics.Export.Manifest;

// Compaction: the commit records this process has folded become one snapshot file, and the records are deleted, so
// _manifest/commits does not hold one record per chunk forever. Crash-safe in every order:
//   1. the snapshot is written under a temporary name, flushed and renamed over the old one (atomic): before the
//      rename the old snapshot plus the records are the truth, after it the new snapshot is;
//   2. the folded records are deleted: the snapshot names them, so a loader skips any that a crash left behind, and
//      the next compaction deletes them.
// Only applied records are folded (no chunk staging folder of any shard exists), and loading takes the manifest lock
// shared while compaction holds it exclusively, so no process ever reads a half-deleted set of records. Records that
// other shards commit meanwhile are not folded; shards touch disjoint executions, sources and groups, so applying
// them after the snapshot gives the same state as applying them in name order.
public sealed partial class DatasetStore
{
    /// <summary>
    /// Folds the commit records into the snapshot when there are at least <paramref name="minRecords"/> of them.
    /// False when there was nothing worth doing or another process holds the manifest (it is tried again next run).
    /// </summary>
    public bool TryCompact(int minRecords)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(minRecords, 1);
        var present = RecordFiles();
        if (present.Count < minRecords || AnyChunkStaged() || _storage.AnyChunkStaged())
        {
            return false;
        }
        using var manifestLock = LockManifest(exclusive: true, wait: false);
        if (manifestLock is null || AnyChunkStaged())
        {
            return false;
        }
        present = RecordFiles();
        var folded = present.Where(State.RecordNames.Contains).ToList();
        if (folded.Count < minRecords)
        {
            return false;
        }
        var temporary = SnapshotFile + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            State.WriteSnapshot(stream, folded);
            stream.Flush(flushToDisk: true);
        }
        CompactionStep?.Invoke("snapshot-written");
        if (!_storage.TryReplaceSnapshot(temporary, Relative(SnapshotFile)))
        {
            File.Delete(temporary);
            return false;
        }
        File.Move(temporary, SnapshotFile, overwrite: true);
        CompactionStep?.Invoke("snapshot-renamed");
        foreach (var name in folded)
        {
            File.Delete(Path.Combine(CommitsFolder, name + ".json"));
            _storage.DeleteManifestFile(Relative(Path.Combine(CommitsFolder, name + ".json")));
        }
        return true;
    }

    /// <summary>Tests only: called between compaction steps (a throwing hook stands in for a crash there).</summary>
    internal static Action<string>? CompactionStep { get; set; }

    private HashSet<string> RecordFiles() =>
        Directory.EnumerateFiles(CommitsFolder, "*.json").Select(Path.GetFileNameWithoutExtension).ToHashSet(StringComparer.Ordinal)!;

    /// <summary>True while any shard has a chunk that may be committed but not yet applied.</summary>
    private bool AnyChunkStaged()
    {
        var staging = Path.Combine(Root, "_staging");
        return Directory.Exists(staging) && Directory.EnumerateDirectories(staging)
            .Where(shard => !shard.EndsWith(".spill", StringComparison.Ordinal))
            .Any(shard => Directory.EnumerateDirectories(shard).Any());
    }

    /// <summary>
    /// The manifest lock (<c>_manifest/locks/manifest.lock</c>): shared while loading, exclusive while compacting.
    /// Null when <paramref name="wait"/> is false and the lock is taken.
    /// </summary>
    private FileStream? LockManifest(bool exclusive, bool wait) => LockManifest(Root, exclusive, wait);

    private static FileStream? LockManifest(string root, bool exclusive, bool wait)
    {
        // A dataset copied without its empty locks folder (a sync from S3, which has no folders) is simply unlocked:
        // make the folder as Open does. A read-only dataset without it throws here, and one without the lock file below,
        // both at once (no lock file, no holder to wait for): the reader then reads unlocked.
        var locks = Directory.CreateDirectory(Path.Combine(root, "_manifest", "locks"));
        var path = Path.Combine(locks.FullName, "manifest.lock");
        if (wait)
        {
            return FileLock.Take(path, exclusive, waits: 600, ManifestLockBusy);
        }
        try
        {
            return FileLock.Take(path, exclusive, waits: 0);
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>Tests only: called each time a wait for the manifest lock finds it held, before sleeping.</summary>
    internal static Action<int>? ManifestLockBusy { get; set; }
}
