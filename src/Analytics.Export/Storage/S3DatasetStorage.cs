using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using Analytics.Export.Manifest;

namespace Analytics.Export.Storage;

/// <summary>
/// A dataset on S3. S3 has no rename, so a chunk is committed in three steps (README, "Datasets on S3"): its files
/// are uploaded under <c>_staging/&lt;shard&gt;/&lt;chunk&gt;/</c> with a marker object, its commit record is put
/// under <c>_manifest/commits/</c> (the commit point), then removed files are deleted, each file is copied into place
/// and the staging objects are deleted (the marker last). Recovery at the next run's start applies again every staged
/// chunk that has a record and deletes the others. Table prefixes only ever receive whole objects by CopyObject.
/// </summary>
public sealed class S3DatasetStorage : IDatasetStorage
{
    /// <summary>The object that marks a chunk "maybe committed, maybe not applied", even one that stages no file.</summary>
    public const string ChunkMarker = ".chunk";

    private readonly IAmazonS3 _s3;
    private readonly S3Location _location;
    private readonly S3Objects _objects;
    private readonly TimeSpan _lease;
    private readonly TimeProvider _time;
    private S3Lease? _lock;
    private string? _snapshotETag;

    public S3DatasetStorage(IAmazonS3 s3, S3Location location, TimeSpan lease, TimeProvider? time = null)
    {
        _s3 = s3;
        _location = location;
        _objects = new S3Objects(s3, location);
        _lease = lease;
        _time = time ?? TimeProvider.System;
    }

    public string Location => _location.ToString();

    public void Lock(ShardSpec shard) => _lock = S3Lease.Take(_s3, _location, shard, _lease, _time);

    public void Recover(string localRoot, string shardTag)
    {
        var staged = List("_staging/" + shardTag + "/");
        foreach (var chunk in staged.GroupBy(o => o.Relative.Split('/')[2]).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var record = ReadRecord(chunk.Key + ".json");
            if (record is not null)
            {
                Apply(record);
            }
            else
            {
                DeleteChunk(shardTag, chunk.Key);
            }
        }
        Mirror(localRoot);
    }

    public void Stage(string localRoot, CommitRecord record)
    {
        _lock?.EnsureHeld();
        Put(ChunkPrefix(record.Shard, DatasetStore.CommitName(record.RunId, record.Seq)) + ChunkMarker, null);
        foreach (var move in record.Adds.Concat(record.Replaces))
        {
            Put(move.Staged, Path.Combine(localRoot, move.Staged));
        }
    }

    public void PutManifestFile(string localRoot, string relative)
    {
        _lock?.EnsureHeld();
        Put(relative, Path.Combine(localRoot, relative));
    }

    public bool TryReplaceSnapshot(string localFile, string relative)
    {
        var request = new PutObjectRequest { BucketName = _location.Bucket, Key = _location.Key(relative), FilePath = localFile, UseChunkEncoding = false };
        // Another shard's compaction in between would otherwise lose the records it folded.
        if (_snapshotETag is null)
        {
            request.IfNoneMatch = "*";
        }
        else
        {
            request.IfMatch = _snapshotETag;
        }
        try
        {
            _snapshotETag = _s3.PutObjectAsync(request).GetAwaiter().GetResult().ETag;
            return true;
        }
        catch (AmazonS3Exception e) when (e.StatusCode is HttpStatusCode.PreconditionFailed or HttpStatusCode.Conflict)
        {
            return false;
        }
    }

    public void DeleteManifestFile(string relative) => Delete(relative);

    public void PutFolder(string localRoot, string relativeFolder)
    {
        var folder = Path.Combine(localRoot, relativeFolder);
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            Put(Path.GetRelativePath(localRoot, file).Replace('\\', '/'), file);
        }
    }

    public void Apply(CommitRecord record)
    {
        // Removed files go first, as on disk: a reader that globs may miss a compacted date's rows for an instant but
        // never sees the merged file beside the files it replaces (their rows twice).
        foreach (var path in record.Removes)
        {
            Delete(path);
        }
        foreach (var move in record.Adds.Concat(record.Replaces))
        {
            Copy(move.Staged, move.Path);
        }
        DeleteChunk(record.Shard, DatasetStore.CommitName(record.RunId, record.Seq));
    }

    public bool AnyChunkStaged() =>
        _s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = _location.Bucket, Prefix = _location.Key("_staging/"), MaxKeys = 1 })
            .GetAwaiter().GetResult().KeyCount > 0;

    public void Dispose()
    {
        _lock?.Dispose();
        _s3.Dispose();
    }

    /// <summary>Copies a staged object into place (CopyObject: whole objects appear at once); nothing when it is gone,
    /// copied and deleted by an earlier, interrupted apply.</summary>
    private void Copy(string staged, string path)
    {
        try
        {
            _s3.CopyObjectAsync(new CopyObjectRequest
            {
                SourceBucket = _location.Bucket,
                SourceKey = _location.Key(staged),
                DestinationBucket = _location.Bucket,
                DestinationKey = _location.Key(path),
            }).GetAwaiter().GetResult();
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            if (Exists(staged))
            {
                // Some S3 servers do not percent-decode x-amz-copy-source fully (s3rver 3.7 keeps "date%3D…"): the
                // copy goes through this process instead, still as one PutObject of the whole file.
                var temporary = Path.GetTempFileName();
                try
                {
                    _objects.Download(staged, temporary);
                    Put(path, temporary);
                }
                finally
                {
                    File.Delete(temporary);
                }
            }
        }
    }

    private bool Exists(string relative)
    {
        try
        {
            _s3.GetObjectMetadataAsync(_location.Bucket, _location.Key(relative)).GetAwaiter().GetResult();
            return true;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    private static string ChunkPrefix(string shardTag, string chunk) => $"_staging/{shardTag}/{chunk}/";

    /// <summary>Deletes a chunk's staged objects, its marker last (recovery looks for any object of the chunk).</summary>
    private void DeleteChunk(string shardTag, string chunk)
    {
        var objects = List(ChunkPrefix(shardTag, chunk));
        foreach (var o in objects.OrderBy(o => o.Relative.EndsWith("/" + ChunkMarker, StringComparison.Ordinal)))
        {
            Delete(o.Relative);
        }
    }

    private CommitRecord? ReadRecord(string name) =>
        _objects.TryGet("_manifest/commits/" + name) is { } bytes ? ManifestState.Read(bytes, Location + "_manifest/commits/" + name) : null;

    /// <summary>
    /// Makes the local working copy equal to the dataset on S3 (what this run reads: manifest, committed files): downloads
    /// objects missing or changed locally (size or modification time), deletes local files S3 no longer has. Staging and
    /// locks are the run's own; the quarantine stays on S3.
    /// </summary>
    private void Mirror(string localRoot)
    {
        var local = Path.Combine(localRoot, "_staging");
        if (Directory.Exists(local))
        {
            Directory.Delete(local, recursive: true);
        }
        var remote = List("").Where(o => Mirrored(o.Relative)).ToDictionary(o => o.Relative, StringComparer.Ordinal);
        _snapshotETag = remote.TryGetValue("_manifest/snapshot.bin", out var snapshot) ? snapshot.ETag : null;
        if (Directory.Exists(localRoot))
        {
            foreach (var file in Directory.EnumerateFiles(localRoot, "*", SearchOption.AllDirectories))
            {
                var relative = Path.GetRelativePath(localRoot, file).Replace('\\', '/');
                if (Mirrored(relative) && !remote.ContainsKey(relative))
                {
                    File.Delete(file);
                }
            }
        }
        foreach (var o in remote.Values)
        {
            var path = Path.Combine(localRoot, o.Relative);
            var info = new FileInfo(path);
            if (info.Exists && info.Length == o.Size && info.LastWriteTimeUtc == o.LastModified)
            {
                continue;
            }
            _objects.Download(o.Relative, path, o.LastModified);
        }
    }

    private static bool Mirrored(string relative) =>
        !relative.StartsWith("_staging/", StringComparison.Ordinal)
        && !relative.StartsWith("_quarantine/", StringComparison.Ordinal)
        && !relative.StartsWith("_manifest/locks/", StringComparison.Ordinal);

    private List<RemoteObject> List(string relativePrefix) => _objects.List(relativePrefix);

    private void Put(string relative, string? localFile) => _objects.Put(relative, localFile);

    private void Delete(string relative) => _objects.Delete(relative);
}
