using System.Globalization;
using System.Net;
using System.Text.Json;
using Amazon.S3;
using Amazon.S3.Model;
using Analytics.Export.Manifest;

namespace Analytics.Export.Storage;

/// <summary>
/// One writer per shard on S3, by conditional writes: <c>_manifest/locks/&lt;shard&gt;.lease</c> is created with
/// <c>If-None-Match: *</c> (412 when it exists), renewed every third of its term with <c>If-Match: &lt;etag&gt;</c>, and
/// deleted at the end. A lease past its expiry (a crashed run's) is taken over with <c>If-Match</c> on the etag read, so
/// of two runs taking over at once exactly one wins. A run whose renewal fails has lost the lock and commits nothing more.
/// </summary>
internal sealed class S3Lease : IDisposable
{
    private sealed record LeaseBody(string Holder, DateTimeOffset Expires);

    private readonly IAmazonS3 _s3;
    private readonly S3Location _location;
    private readonly string _key;
    private readonly string _holder;
    private readonly TimeSpan _term;
    private readonly TimeProvider _time;
    private readonly Timer _renewal;
    private readonly Lock _gate = new();
    private string _etag;
    private string? _lost;

    private S3Lease(IAmazonS3 s3, S3Location location, string key, string holder, TimeSpan term, TimeProvider time, string etag)
    {
        _s3 = s3;
        _location = location;
        _key = key;
        _holder = holder;
        _term = term;
        _time = time;
        _etag = etag;
        _renewal = new Timer(_ => Renew(), null, term / 3, term / 3);
    }

    /// <exception cref="ExportConflictException">A live lease of this shard, or of another shard layout, is held.</exception>
    public static S3Lease Take(IAmazonS3 s3, S3Location location, ShardSpec shard, TimeSpan term, TimeProvider time)
    {
        var holder = string.Create(CultureInfo.InvariantCulture, $"{Environment.MachineName} pid {Environment.ProcessId}");
        var key = location.Key($"_manifest/locks/{shard.Tag}.lease");
        var etag = TryPut(s3, location, key, holder, time.GetUtcNow() + term, ifMatch: null);
        if (etag is null)
        {
            var (current, currentETag) = Read(s3, location, key);
            if (current is not null && current.Expires > time.GetUtcNow())
            {
                throw new ExportConflictException(
                    $"Another export of shard '{shard}' is running into {location} (lease {shard.Tag}.lease held by {current.Holder} until {current.Expires:yyyy-MM-dd HH:mm:ss}Z).");
            }
            // Stale (or deleted meanwhile): take it over, unless another run does so first.
            etag = TryPut(s3, location, key, holder, time.GetUtcNow() + term, currentETag ?? "*")
                ?? throw new ExportConflictException($"Another export of shard '{shard}' took over the expired lease {shard.Tag}.lease in {location} first.");
        }
        var lease = new S3Lease(s3, location, key, holder, term, time, etag);
        try
        {
            lease.RefuseOtherLayouts(shard);
        }
        catch
        {
            lease.Dispose();
            throw;
        }
        return lease;
    }

    /// <exception cref="ExportConflictException">The lease was lost (a renewal failed): committing now could race
    /// the run that took it over.</exception>
    public void EnsureHeld()
    {
        lock (_gate)
        {
            if (_lost is not null)
            {
                throw new ExportConflictException(_lost);
            }
        }
    }

    public void Dispose()
    {
        _renewal.Dispose();
        lock (_gate)
        {
            if (_lost is null)
            {
                _lost = "released";
                try
                {
                    _s3.DeleteObjectAsync(_location.Bucket, _key).GetAwaiter().GetResult();
                }
                catch (AmazonS3Exception)
                {
                    // It expires on its own.
                }
            }
        }
    }

    private void RefuseOtherLayouts(ShardSpec shard)
    {
        var page = _s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = _location.Bucket, Prefix = _location.Key("_manifest/locks/") }).GetAwaiter().GetResult();
        foreach (var o in page.S3Objects ?? [])
        {
            var tag = Path.GetFileName(o.Key);
            if (!tag.EndsWith(".lease", StringComparison.Ordinal) || !DatasetStore.IsOtherLayout(tag[..^".lease".Length], shard))
            {
                continue;
            }
            var (other, _) = Read(_s3, _location, o.Key);
            if (other is not null && other.Expires > _time.GetUtcNow())
            {
                throw new ExportConflictException(
                    $"An export of another shard layout ({tag}, held by {other.Holder}) is running into {_location}; this run's layout "
                    + $"({(shard.IsAll ? "unsharded" : $"--shard {shard}")}) would overlap its shards and duplicate rows. Run with the same layout, or after it has finished.");
            }
        }
    }

    private void Renew()
    {
        lock (_gate)
        {
            if (_lost is not null)
            {
                return;
            }
            try
            {
                var etag = TryPut(_s3, _location, _key, _holder, _time.GetUtcNow() + _term, _etag);
                if (etag is null)
                {
                    _lost = $"This run lost its lease on {_location}_manifest/locks (another run took it over after it expired); it stops committing.";
                }
                else
                {
                    _etag = etag;
                }
            }
            catch (Amazon.Runtime.AmazonServiceException)
            {
                // Try again at the next tick; the lease has two more thirds of its term.
            }
            catch (HttpRequestException)
            {
            }
        }
    }

    /// <summary>Puts the lease conditionally (<c>If-None-Match: *</c> when <paramref name="ifMatch"/> is null or *); its new
    /// etag, or null on 412 Precondition Failed (or 409, S3's answer to a concurrent conditional write).</summary>
    private static string? TryPut(IAmazonS3 s3, S3Location location, string key, string holder, DateTimeOffset expires, string? ifMatch)
    {
        var request = new PutObjectRequest
        {
            BucketName = location.Bucket,
            Key = key,
            ContentBody = JsonSerializer.Serialize(new LeaseBody(holder, expires)),
            ContentType = "application/json",
            UseChunkEncoding = false,
        };
        if (ifMatch is null or "*")
        {
            request.IfNoneMatch = "*";
        }
        else
        {
            request.IfMatch = ifMatch;
        }
        try
        {
            return s3.PutObjectAsync(request).GetAwaiter().GetResult().ETag;
        }
        catch (AmazonS3Exception e) when (e.StatusCode is HttpStatusCode.PreconditionFailed or HttpStatusCode.Conflict || IsNoSuchKey(e))
        {
            // 404: If-Match on a lease deleted meanwhile (not a bucket that does not exist: that is the caller's error).
            return null;
        }
    }

    private static (LeaseBody? Body, string? ETag) Read(IAmazonS3 s3, S3Location location, string key)
    {
        try
        {
            using var response = s3.GetObjectAsync(location.Bucket, key).GetAwaiter().GetResult();
            using var reader = new StreamReader(response.ResponseStream);
            LeaseBody? body;
            try
            {
                body = JsonSerializer.Deserialize<LeaseBody>(reader.ReadToEnd());
            }
            catch (JsonException)
            {
                body = null; // unreadable: treated as stale
            }
            return (body, response.ETag);
        }
        catch (AmazonS3Exception e) when (IsNoSuchKey(e))
        {
            return (null, null);
        }
    }

    private static bool IsNoSuchKey(AmazonS3Exception e) => e.StatusCode == HttpStatusCode.NotFound && e.ErrorCode != "NoSuchBucket";
}
