using Analytics.Export.Manifest;

namespace Analytics.Export.Storage;

/// <summary>
/// Where a dataset's durable copy lives. <see cref="DatasetStore"/> runs the one commit protocol on a local folder
/// (DuckDB writes and reads local files); this is told each of its steps, so a remote copy goes through the same ones.
/// On local disk the folder is the dataset and every step is a no-op (<see cref="LocalDatasetStorage"/>).
/// </summary>
public interface IDatasetStorage : IDisposable
{
    /// <summary>For messages: the dataset's location as the user gave it.</summary>
    string Location { get; }

    /// <summary>Takes this shard's lock (before anything is read or written).</summary>
    /// <exception cref="ExportConflictException">Another run holds it, or runs another shard layout.</exception>
    void Lock(ShardSpec shard);

    /// <summary>Rolls forward committed staged chunks of the shard and discards the rest, then makes the local folder
    /// equal to the durable copy (before the local recovery and load).</summary>
    void Recover(string localRoot, string shardTag);

    /// <summary>Stores the record's staged files under its chunk's staging prefix (before the commit point).</summary>
    void Stage(string localRoot, CommitRecord record);

    /// <summary>Stores a manifest file (a commit record: the commit point) written locally.</summary>
    void PutManifestFile(string localRoot, string relative);

    /// <summary>Replaces the snapshot only if nobody replaced it since this run read it; false if someone did.</summary>
    bool TryReplaceSnapshot(string localFile, string relative);

    void DeleteManifestFile(string relative);

    /// <summary>Stores the files of a local folder (a quarantined history's, relative to the root) so that they outlive
    /// the local copy; not part of the dataset, so outside the commit protocol.</summary>
    void PutFolder(string localRoot, string relativeFolder);

    /// <summary>After the commit point: moves the staged files into place, deletes removed ones and the chunk's staging.
    /// Safe to repeat.</summary>
    void Apply(CommitRecord record);

    /// <summary>True while any shard has a chunk staged that may be committed but not applied.</summary>
    bool AnyChunkStaged();
}

/// <summary>A dataset on local disk: the folder is the dataset, nothing to mirror.</summary>
public sealed class LocalDatasetStorage(string root) : IDatasetStorage
{
    public string Location { get; } = root;

    public void Lock(ShardSpec shard)
    {
    }

    public void Recover(string localRoot, string shardTag)
    {
    }

    public void Stage(string localRoot, CommitRecord record)
    {
    }

    public void PutManifestFile(string localRoot, string relative)
    {
    }

    public bool TryReplaceSnapshot(string localFile, string relative) => true;

    public void DeleteManifestFile(string relative)
    {
    }

    public void PutFolder(string localRoot, string relativeFolder)
    {
    }

    public void Apply(CommitRecord record)
    {
    }

    public bool AnyChunkStaged() => false;

    public void Dispose()
    {
    }
}
