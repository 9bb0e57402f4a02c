using System.Security.Cryptography;

namespace Analytics.Emulator.S3;

/// <summary>One stored object: its bytes, quoted ETag (the MD5 of the bytes, as S3 gives for a single-part upload) and
/// time of the last write.</summary>
internal sealed record S3Object(byte[] Body, string ETag, DateTimeOffset LastModified, string ContentType);

/// <summary>Why a write was refused: S3's error code and the HTTP status it travels with.</summary>
internal sealed class S3Error(int status, string code, string message, string? condition = null, string? key = null) : Exception(message)
{
    public int Status { get; } = status;

    public string Code { get; } = code;

    public string? Condition { get; } = condition;

    public string? Key { get; } = key;

    public static S3Error NoSuchKey(string key) => new(404, "NoSuchKey", "The specified key does not exist.", key: key);

    public static S3Error PreconditionFailed(string condition) =>
        new(412, "PreconditionFailed", "At least one of the pre-conditions you specified did not hold", condition);
}

/// <summary>
/// The emulator's objects, in memory, in every bucket (a bucket exists as soon as it is named). Each write checks its
/// preconditions and stores under one lock, so of two conditional writes racing for one key exactly one succeeds.
/// </summary>
internal sealed class S3Store(TimeProvider time)
{
    private readonly Dictionary<(string Bucket, string Key), S3Object> _objects = [];
    private readonly Lock _gate = new();

    public S3Object? Get(string bucket, string key)
    {
        lock (_gate)
        {
            return _objects.GetValueOrDefault((bucket, key));
        }
    }

    /// <summary>PutObject with its conditional headers (<c>If-None-Match: *</c>, <c>If-Match: "etag"</c>).</summary>
    /// <exception cref="S3Error">412 PreconditionFailed; 404 NoSuchKey for If-Match on a missing key.</exception>
    public S3Object Put(string bucket, string key, byte[] body, string contentType, string? ifNoneMatch, string? ifMatch)
    {
        var stored = new S3Object(body, "\"" + Convert.ToHexStringLower(MD5.HashData(body)) + "\"", Truncated(time.GetUtcNow()), contentType);
        lock (_gate)
        {
            var existing = _objects.GetValueOrDefault((bucket, key));
            if (ifNoneMatch is not null && existing is not null)
            {
                throw S3Error.PreconditionFailed("If-None-Match");
            }
            if (ifMatch is not null)
            {
                if (existing is null)
                {
                    throw S3Error.NoSuchKey(key);
                }
                if (!SameETag(ifMatch, existing.ETag))
                {
                    throw S3Error.PreconditionFailed("If-Match");
                }
            }
            _objects[(bucket, key)] = stored;
        }
        return stored;
    }

    /// <exception cref="S3Error">404 NoSuchKey: the source is missing.</exception>
    public S3Object Copy(string sourceBucket, string sourceKey, string bucket, string key)
    {
        lock (_gate)
        {
            var source = _objects.GetValueOrDefault((sourceBucket, sourceKey)) ?? throw S3Error.NoSuchKey(sourceKey);
            var copy = source with { LastModified = Truncated(time.GetUtcNow()) };
            _objects[(bucket, key)] = copy;
            return copy;
        }
    }

    /// <summary>DeleteObject: a missing key is no error (S3 answers 204 either way).</summary>
    public void Delete(string bucket, string key)
    {
        lock (_gate)
        {
            _objects.Remove((bucket, key));
        }
    }

    /// <summary>The keys of a bucket under a prefix, in UTF-8 binary order (S3's listing order), after a key.</summary>
    public List<(string Key, S3Object Object)> List(string bucket, string prefix, string? after)
    {
        lock (_gate)
        {
            return _objects
                .Where(o => o.Key.Bucket == bucket && o.Key.Key.StartsWith(prefix, StringComparison.Ordinal)
                    && (after is null || string.CompareOrdinal(o.Key.Key, after) > 0))
                .Select(o => (o.Key.Key, o.Value))
                .OrderBy(o => o.Key, StringComparer.Ordinal)
                .ToList();
        }
    }

    private static bool SameETag(string header, string etag) => header.Trim() == etag || "\"" + header.Trim() + "\"" == etag;

    // S3 keeps Last-Modified to the second (the HTTP date format has no fractions).
    private static DateTimeOffset Truncated(DateTimeOffset t) => new(t.Ticks - (t.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
}
