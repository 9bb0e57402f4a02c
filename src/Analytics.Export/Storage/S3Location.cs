using System.Security.Cryptography;
using System.Text;

namespace Analytics.Export.Storage;

/// <summary>An <c>s3://bucket/prefix</c> dataset location; keys are the prefix plus the dataset-relative path.</summary>
public sealed record S3Location(string Bucket, string Prefix)
{
    public static bool IsS3(string location) => location.StartsWith("s3://", StringComparison.OrdinalIgnoreCase);

    /// <exception cref="ArgumentException">Not an <c>s3://bucket[/prefix]</c> URL.</exception>
    public static S3Location Parse(string location)
    {
        ArgumentNullException.ThrowIfNull(location);
        if (!IsS3(location))
        {
            throw new ArgumentException($"not an s3:// location: '{location}'");
        }
        var rest = location["s3://".Length..].Trim('/');
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var bucket = slash < 0 ? rest : rest[..slash];
        if (bucket.Length is < 3 or > 63)
        {
            throw new ArgumentException($"--out s3://BUCKET/PREFIX needs a bucket name (3 to 63 characters), got '{location}'");
        }
        return new S3Location(bucket, slash < 0 ? "" : rest[(slash + 1)..] + "/");
    }

    public string Key(string relative) => Prefix + relative;

    public string Relative(string key) => key[Prefix.Length..];

    public override string ToString() => $"s3://{Bucket}/{Prefix}";

    /// <summary>The local working copy of this dataset for one shard (kept between runs on one machine: a warm cache
    /// downloads only what changed).</summary>
    public string CacheFolder(string shardTag)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(ToString())))[..16];
        return Path.Combine(Path.GetTempPath(), "analytics-s3", $"{hash}-{shardTag}");
    }
}
