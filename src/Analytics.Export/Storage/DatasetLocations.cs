using Amazon.Runtime;
using Analytics.Aws;
using Analytics.Export.Manifest;

namespace Analytics.Export.Storage;

/// <summary>
/// Where a command's dataset is: a local folder, or <c>s3://bucket/prefix</c>. Writers (export, import) open it through
/// <see cref="OpenStore"/> (the commit protocol and the shard's lock; on S3 through a local working copy), readers
/// (query, report, verify) get a local folder from <see cref="Resolve"/> (on S3 a mirror), so every command runs its one
/// local code path whatever the location.
/// </summary>
public static class DatasetLocations
{
    /// <summary>Where read-only commands mirror <c>s3://</c> datasets by default: <c>$XDG_CACHE_HOME/analytics/s3</c>,
    /// else <c>~/.cache/analytics/s3</c>.</summary>
    public static string DefaultCacheFolder =>
        Path.Combine(Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"), "analytics", "s3");

    /// <summary>Opens the dataset at <paramref name="location"/> for one writer of <paramref name="shard"/>.</summary>
    /// <exception cref="DatasetLocationException">An <c>s3://</c> location S3 does not let us use (bucket, endpoint).</exception>
    /// <exception cref="ExportConflictException">Another writer holds the shard's lock.</exception>
    public static DatasetStore OpenStore(string location, ShardSpec shard, AwsClientOptions aws, TimeSpan lease, TimeProvider? time = null,
        DateOnly? snapshotDate = null, CancellationToken cancellationToken = default, bool exportedExecutions = true)
    {
        ArgumentNullException.ThrowIfNull(location);
        if (!S3Location.IsS3(location))
        {
            return DatasetStore.Open(location, shard, snapshotDate, cancellationToken, exportedExecutions: exportedExecutions);
        }
        var s3 = Parse(location);
        try
        {
            var storage = new S3DatasetStorage(S3ClientFactory.Create(aws), s3, lease, time);
            return DatasetStore.Open(s3.CacheFolder(shard.Tag), shard, snapshotDate, cancellationToken, storage, exportedExecutions);
        }
        catch (Exception e) when (IsS3Failure(e))
        {
            throw DatasetLocationException.From(s3, e);
        }
    }

    /// <summary>The local folder a read-only command reads: <paramref name="location"/> itself, or the mirror of an
    /// <c>s3://</c> dataset under <paramref name="cacheFolder"/> brought up to date (<see cref="S3DatasetMirror"/>); the
    /// caller disposes the mirror when it has done reading (until then no other command's sync changes it).</summary>
    /// <exception cref="DatasetLocationException">No dataset on S3 there, or S3 cannot be read.</exception>
    public static (string Root, S3Mirror? Mirror) Resolve(string location, AwsClientOptions aws, string? cacheFolder = null)
    {
        ArgumentNullException.ThrowIfNull(location);
        ArgumentNullException.ThrowIfNull(aws);
        if (!S3Location.IsS3(location))
        {
            return (location, null);
        }
        var s3 = Parse(location);
        try
        {
            using var client = S3ClientFactory.Create(aws);
            var mirror = S3DatasetMirror.Sync(client, s3, S3DatasetMirror.FolderOf(cacheFolder ?? DefaultCacheFolder, s3, aws.S3EndpointUrl));
            return (mirror.Root, mirror);
        }
        catch (Exception e) when (IsS3Failure(e))
        {
            throw DatasetLocationException.From(s3, e);
        }
    }

    private static S3Location Parse(string location)
    {
        try
        {
            return S3Location.Parse(location);
        }
        catch (ArgumentException e)
        {
            throw new DatasetLocationException(e.Message, DatasetLocationException.NotADataset, e);
        }
    }

    private static bool IsS3Failure(Exception e) => e is AmazonServiceException or AmazonClientException or HttpRequestException; // the service's errors do not derive from the client's
}
