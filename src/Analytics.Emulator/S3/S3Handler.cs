using System.Globalization;
using System.Security;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Analytics.Emulator.S3;

/// <summary>
/// The S3 operations a dataset on S3 needs, path-style (<c>/bucket/key</c>), as the S3 API reference documents them:
/// PutObject (with <c>If-None-Match: *</c> / <c>If-Match</c>: 412 PreconditionFailed), CopyObject (PUT with
/// <c>x-amz-copy-source</c>), GetObject, HeadObject, DeleteObject and ListObjectsV2; errors as S3's error XML. Requests
/// signed for the service <c>s3</c> come here (<see cref="IsS3"/>); signatures are not verified.
/// </summary>
internal sealed class S3Handler(S3Store store)
{
    private const string Namespace = "http://s3.amazonaws.com/doc/2006-03-01/";

    /// <summary>Whether the request is signed for S3 (the credential scope's service), i.e. not for Step Functions or Lambda.</summary>
    public static bool IsS3(HttpRequest request) =>
        request.Headers.Authorization.ToString().Contains("/s3/aws4_request", StringComparison.Ordinal);

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var response = context.Response;
        var requestId = Guid.NewGuid().ToString("N")[..16].ToUpperInvariant();
        response.Headers["x-amz-request-id"] = requestId;
        try
        {
            var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? request.Path.ToString();
            var path = raw.Split('?', 2)[0].TrimStart('/');
            var slash = path.IndexOf('/', StringComparison.Ordinal);
            var bucket = Uri.UnescapeDataString(slash < 0 ? path : path[..slash]);
            var key = slash < 0 ? "" : Uri.UnescapeDataString(path[(slash + 1)..]);
            switch (request.Method)
            {
                case "GET" when key.Length == 0 && request.Query["list-type"] == "2":
                    await WriteXmlAsync(response, 200, List(bucket, request.Query)).ConfigureAwait(false);
                    break;
                case "GET" or "HEAD" when key.Length > 0:
                    var found = store.Get(bucket, key) ?? throw S3Error.NoSuchKey(key);
                    response.StatusCode = 200;
                    response.ContentType = found.ContentType;
                    response.ContentLength = found.Body.Length;
                    response.Headers.ETag = found.ETag;
                    response.Headers.LastModified = found.LastModified.ToString("R", CultureInfo.InvariantCulture);
                    if (request.Method == "GET")
                    {
                        await response.Body.WriteAsync(found.Body).ConfigureAwait(false);
                    }
                    break;
                case "PUT" when key.Length > 0 && request.Headers.ContainsKey("x-amz-copy-source"):
                    var (sourceBucket, sourceKey) = CopySource(request.Headers["x-amz-copy-source"].ToString());
                    var copy = store.Copy(sourceBucket, sourceKey, bucket, key);
                    await WriteXmlAsync(response, 200, $"<CopyObjectResult xmlns=\"{Namespace}\"><LastModified>{Iso(copy.LastModified)}</LastModified><ETag>{Xml(copy.ETag)}</ETag></CopyObjectResult>").ConfigureAwait(false);
                    break;
                case "PUT" when key.Length > 0:
                    var body = await ReadBodyAsync(context).ConfigureAwait(false);
                    var ifNoneMatch = Header(request, "If-None-Match");
                    if (ifNoneMatch is not null && ifNoneMatch != "*")
                    {
                        throw new S3Error(501, "NotImplemented", "A header you provided implies functionality that is not implemented", "If-None-Match");
                    }
                    var put = store.Put(bucket, key, body, request.ContentType ?? "binary/octet-stream", ifNoneMatch, Header(request, "If-Match"));
                    response.StatusCode = 200;
                    response.Headers.ETag = put.ETag;
                    break;
                case "DELETE" when key.Length > 0:
                    store.Delete(bucket, key);
                    response.StatusCode = 204;
                    break;
                default:
                    throw new S3Error(501, "NotImplemented", "A header you provided implies functionality that is not implemented");
            }
        }
        catch (S3Error e)
        {
            response.StatusCode = e.Status;
            if (request.Method != "HEAD")
            {
                var detail = (e.Condition is null ? "" : $"<Condition>{Xml(e.Condition)}</Condition>") + (e.Key is null ? "" : $"<Key>{Xml(e.Key)}</Key>");
                await WriteXmlAsync(response, e.Status,
                    $"<Error><Code>{e.Code}</Code><Message>{Xml(e.Message)}</Message>{detail}<RequestId>{requestId}</RequestId><HostId>{requestId}</HostId></Error>").ConfigureAwait(false);
            }
        }
    }

    private string List(string bucket, IQueryCollection query)
    {
        var prefix = query["prefix"].ToString();
        var maxKeys = int.TryParse(query["max-keys"], NumberStyles.None, CultureInfo.InvariantCulture, out var m) ? Math.Min(m, 1000) : 1000;
        var token = query["continuation-token"].ToString();
        var after = token.Length > 0 ? Encoding.UTF8.GetString(Convert.FromBase64String(token)) : query["start-after"].ToString() is { Length: > 0 } s ? s : null;
        var all = store.List(bucket, prefix, after);
        var page = all.Take(maxKeys).ToList();
        var xml = new StringBuilder($"<ListBucketResult xmlns=\"{Namespace}\"><Name>{Xml(bucket)}</Name><Prefix>{Xml(prefix)}</Prefix>");
        xml.Append(CultureInfo.InvariantCulture, $"<KeyCount>{page.Count}</KeyCount><MaxKeys>{maxKeys}</MaxKeys><IsTruncated>{(all.Count > page.Count ? "true" : "false")}</IsTruncated>");
        if (token.Length > 0)
        {
            xml.Append(CultureInfo.InvariantCulture, $"<ContinuationToken>{Xml(token)}</ContinuationToken>");
        }
        if (all.Count > page.Count)
        {
            xml.Append(CultureInfo.InvariantCulture, $"<NextContinuationToken>{Convert.ToBase64String(Encoding.UTF8.GetBytes(page[^1].Key))}</NextContinuationToken>");
        }
        foreach (var (key, o) in page)
        {
            xml.Append(CultureInfo.InvariantCulture,
                $"<Contents><Key>{Xml(key)}</Key><LastModified>{Iso(o.LastModified)}</LastModified><ETag>{Xml(o.ETag)}</ETag><Size>{o.Body.Length}</Size><StorageClass>STANDARD</StorageClass></Contents>");
        }
        return xml.Append("</ListBucketResult>").ToString();
    }

    /// <summary><c>x-amz-copy-source: [/]bucket/key[?versionId=…]</c>, URL-encoded.</summary>
    private static (string Bucket, string Key) CopySource(string header)
    {
        var source = Uri.UnescapeDataString(header.Split('?', 2)[0]).TrimStart('/');
        var slash = source.IndexOf('/', StringComparison.Ordinal);
        return slash <= 0 ? throw new S3Error(400, "InvalidArgument", "Copy Source must mention the source bucket and key: sourcebucket/sourcekey")
            : (source[..slash], source[(slash + 1)..]);
    }

    private static async Task<byte[]> ReadBodyAsync(HttpContext context)
    {
        // Parquet files are larger than the 2 MB the JSON protocols allow.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = null;
        }
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer).ConfigureAwait(false);
        var streaming = context.Request.Headers["x-amz-content-sha256"].ToString().StartsWith("STREAMING-", StringComparison.Ordinal);
        return streaming ? DecodeAwsChunked(buffer.ToArray()) : buffer.ToArray();
    }

    /// <summary>
    /// The payload of an <c>aws-chunked</c> body (SigV4 streaming, the SDKs' default for PutObject): chunks of
    /// <c>hex-size[;chunk-signature=…]\r\n data \r\n</c> up to a zero-size chunk, then optional trailers.
    /// </summary>
    private static byte[] DecodeAwsChunked(byte[] body)
    {
        using var payload = new MemoryStream();
        var at = 0;
        while (true)
        {
            var end = body.AsSpan(at).IndexOf("\r\n"u8);
            if (end < 0)
            {
                throw new S3Error(400, "IncompleteBody", "You did not provide the number of bytes specified by the Content-Length HTTP header");
            }
            var header = Encoding.ASCII.GetString(body, at, end);
            var size = int.Parse(header.Split(';')[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            at += end + 2;
            if (size == 0)
            {
                return payload.ToArray();
            }
            if (at + size > body.Length)
            {
                throw new S3Error(400, "IncompleteBody", "You did not provide the number of bytes specified by the Content-Length HTTP header");
            }
            payload.Write(body, at, size);
            at += size + 2;
        }
    }

    private static string? Header(HttpRequest request, string name) => request.Headers.TryGetValue(name, out var v) && v.Count > 0 ? v.ToString() : null;

    private static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static string Xml(string text) => SecurityElement.Escape(text);

    private static async Task WriteXmlAsync(HttpResponse response, int status, string body)
    {
        response.StatusCode = status;
        response.ContentType = "application/xml";
        await response.WriteAsync("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + body).ConfigureAwait(false);
    }
}
