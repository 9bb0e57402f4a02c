using System.Net;
using Amazon.S3;
using Amazon.S3.Model;

namespace Analytics.Export.Storage;

/// <param name="Relative">The key relative to the dataset's prefix.</param>
public sealed record RemoteObject(string Relative, long Size, DateTime LastModified, string ETag);

/// <summary>The object operations on one dataset's prefix that the writer's storage and the readers' mirror share.</summary>
internal sealed class S3Objects(IAmazonS3 s3, S3Location location)
{
    public IAmazonS3 Client => s3;

    public S3Location Location => location;

    /// <summary>Every object under a prefix relative to the dataset (all pages).</summary>
    public List<RemoteObject> List(string relativePrefix)
    {
        var objects = new List<RemoteObject>();
        var request = new ListObjectsV2Request { BucketName = location.Bucket, Prefix = location.Key(relativePrefix) };
        while (true)
        {
            var page = s3.ListObjectsV2Async(request).GetAwaiter().GetResult();
            foreach (var o in page.S3Objects ?? [])
            {
                objects.Add(new RemoteObject(location.Relative(o.Key), o.Size ?? 0, (o.LastModified ?? default).ToUniversalTime(), o.ETag));
            }
            if (page.IsTruncated != true)
            {
                return objects;
            }
            request.ContinuationToken = page.NextContinuationToken;
        }
    }

    /// <summary>Downloads an object to a local file, whole or not at all (a temporary file renamed over it).</summary>
    public void Download(string relative, string path, DateTime? lastModified = null)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + ".download";
        using (var response = s3.GetObjectAsync(location.Bucket, location.Key(relative)).GetAwaiter().GetResult())
        using (var file = File.Create(temporary))
        {
            response.ResponseStream.CopyTo(file);
        }
        if (lastModified is { } time)
        {
            File.SetLastWriteTimeUtc(temporary, time);
        }
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>An object's bytes, or null when there is none.</summary>
    public byte[]? TryGet(string relative)
    {
        try
        {
            using var response = s3.GetObjectAsync(location.Bucket, location.Key(relative)).GetAwaiter().GetResult();
            using var buffer = new MemoryStream();
            response.ResponseStream.CopyTo(buffer);
            return buffer.ToArray();
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public void Put(string relative, string? localFile)
    {
        var request = new PutObjectRequest { BucketName = location.Bucket, Key = location.Key(relative), UseChunkEncoding = false };
        if (localFile is null)
        {
            request.ContentBody = "";
        }
        else
        {
            request.FilePath = localFile;
        }
        s3.PutObjectAsync(request).GetAwaiter().GetResult();
    }

    public void Delete(string relative) => s3.DeleteObjectAsync(location.Bucket, location.Key(relative)).GetAwaiter().GetResult();
}
