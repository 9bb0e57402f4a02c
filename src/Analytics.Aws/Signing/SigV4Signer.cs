using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Analytics.Aws.Credentials;
using Analytics.Aws.Http;

namespace Analytics.Aws.Signing;

/// <summary>
/// AWS Signature Version 4 for non-S3 services: the canonical URI is the sent (already percent-encoded) path
/// encoded once more, the query is canonicalized with sorted keys then values, and every header except the
/// hop-by-hop/SDK bookkeeping ones is signed. Adds <c>x-amz-date</c>, <c>x-amz-content-sha256</c>,
/// <c>x-amz-security-token</c> (temporary credentials) and <c>Authorization</c>.
/// </summary>
public sealed class SigV4Signer : IRequestSigner
{
    private const string Algorithm = "AWS4-HMAC-SHA256";

    private static readonly HashSet<string> s_unsignedHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "authorization", "user-agent", "x-amzn-trace-id", "transfer-encoding", "connection", "expect",
        "content-length", "amz-sdk-invocation-id", "amz-sdk-request",
    };

    private readonly IAwsCredentialsProvider _credentials;
    private readonly string _region;
    private readonly string _service;
    private readonly TimeProvider _time;
    private SigningKeyCacheEntry? _keyCache;

    public SigV4Signer(IAwsCredentialsProvider credentials, string region, string service, TimeProvider time)
    {
        ArgumentException.ThrowIfNullOrEmpty(region);
        ArgumentException.ThrowIfNullOrEmpty(service);
        _credentials = credentials;
        _region = region;
        _service = service;
        _time = time;
    }

    public async ValueTask SignAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var credentials = await _credentials.GetCredentialsAsync(cancellationToken).ConfigureAwait(false);
        var payloadHash = await HashPayloadAsync(request.Content, cancellationToken).ConfigureAwait(false);
        Sign(request, credentials, payloadHash, _time.GetUtcNow());
    }

    /// <summary>Signs with a given time and payload hash (the deterministic core, used directly by tests).</summary>
    public void Sign(HttpRequestMessage request, AwsCredentials credentials, string payloadHash, DateTimeOffset signedAt)
    {
        var uri = request.RequestUri ?? throw new InvalidOperationException("The request has no URI.");
        var utc = signedAt.UtcDateTime;
        var amzDate = utc.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var dateStamp = utc.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

        var headers = request.Headers;
        headers.Remove("Authorization");
        headers.Remove("X-Amz-Date");
        headers.Remove("X-Amz-Security-Token");
        headers.Remove("X-Amz-Content-SHA256");
        headers.Host = uri.IsDefaultPort ? uri.IdnHost : $"{uri.IdnHost}:{uri.Port.ToString(CultureInfo.InvariantCulture)}";
        headers.TryAddWithoutValidation("X-Amz-Date", amzDate);
        headers.TryAddWithoutValidation("X-Amz-Content-SHA256", payloadHash);
        if (!string.IsNullOrEmpty(credentials.SessionToken))
        {
            headers.TryAddWithoutValidation("X-Amz-Security-Token", credentials.SessionToken);
        }

        var (canonicalHeaders, signedHeaders) = CanonicalizeHeaders(request);
        var canonicalRequest = string.Join('\n',
            request.Method.Method,
            CanonicalUri(uri),
            CanonicalQuery(uri),
            canonicalHeaders,
            signedHeaders,
            payloadHash);

        var scope = $"{dateStamp}/{_region}/{_service}/aws4_request";
        var stringToSign = $"{Algorithm}\n{amzDate}\n{scope}\n{HexSha256(Encoding.UTF8.GetBytes(canonicalRequest))}";
        var signature = Convert.ToHexStringLower(HMACSHA256.HashData(SigningKey(credentials.SecretAccessKey, dateStamp), Encoding.UTF8.GetBytes(stringToSign)));
        headers.TryAddWithoutValidation("Authorization", $"{Algorithm} Credential={credentials.AccessKeyId}/{scope}, SignedHeaders={signedHeaders}, Signature={signature}");
    }

    /// <summary>The sent path encoded once more (non-S3 services double-encode), "/" when empty.</summary>
    internal static string CanonicalUri(Uri uri)
    {
        var path = uri.AbsolutePath;
        return string.IsNullOrEmpty(path) ? "/" : PercentEncoding.Encode(path, keepSlash: true);
    }

    /// <summary>Query parameters re-encoded in the RFC 3986 form and sorted by key, then value.</summary>
    internal static string CanonicalQuery(Uri uri)
    {
        var query = uri.Query;
        if (query.Length <= 1)
        {
            return string.Empty;
        }

        var pairs = new List<(string Key, string Value)>();
        foreach (var part in query[1..].Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            var key = equals < 0 ? part : part[..equals];
            var value = equals < 0 ? string.Empty : part[(equals + 1)..];
            pairs.Add((PercentEncoding.Encode(Uri.UnescapeDataString(key)), PercentEncoding.Encode(Uri.UnescapeDataString(value))));
        }

        pairs.Sort(static (a, b) =>
        {
            var byKey = string.CompareOrdinal(a.Key, b.Key);
            return byKey != 0 ? byKey : string.CompareOrdinal(a.Value, b.Value);
        });
        return string.Join('&', pairs.Select(static p => $"{p.Key}={p.Value}"));
    }

    private static (string Canonical, string Signed) CanonicalizeHeaders(HttpRequestMessage request)
    {
        var collected = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var header in request.Headers.NonValidated)
        {
            Collect(collected, header.Key, header.Value);
        }

        if (request.Content is not null)
        {
            foreach (var header in request.Content.Headers.NonValidated)
            {
                Collect(collected, header.Key, header.Value);
            }
        }

        var canonical = new StringBuilder();
        foreach (var (name, value) in collected)
        {
            canonical.Append(name).Append(':').Append(value).Append('\n');
        }

        return (canonical.ToString(), string.Join(';', collected.Keys));
    }

    private static void Collect(SortedDictionary<string, string> collected, string name, HeaderStringValues values)
    {
        if (s_unsignedHeaders.Contains(name))
        {
            return;
        }

        var key = name.ToLowerInvariant();
        var value = string.Join(',', values.Select(CollapseWhitespace));
        collected[key] = collected.TryGetValue(key, out var existing) ? $"{existing},{value}" : value;
    }

    /// <summary>Trims and collapses inner runs of spaces/tabs to one space (allocates only when there is a run).</summary>
    private static string CollapseWhitespace(string value)
    {
        var trimmed = value.Trim();
        if (!trimmed.Contains("  ", StringComparison.Ordinal) && !trimmed.Contains('\t', StringComparison.Ordinal))
        {
            return trimmed;
        }

        var builder = new StringBuilder(trimmed.Length);
        foreach (var c in trimmed)
        {
            var space = c is ' ' or '\t';
            if (!space || builder.Length == 0 || builder[^1] != ' ')
            {
                builder.Append(space ? ' ' : c);
            }
        }

        return builder.ToString();
    }

    private static async ValueTask<string> HashPayloadAsync(HttpContent? content, CancellationToken cancellationToken)
    {
        return content switch
        {
            null => EmptyPayloadHash,
            PayloadContent payload => HexSha256(payload.Payload.Span),
            _ => HexSha256(await content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false)),
        };
    }

    /// <summary>SHA-256 of an empty body.</summary>
    public static readonly string EmptyPayloadHash = HexSha256([]);

    public static string HexSha256(ReadOnlySpan<byte> data) => Convert.ToHexStringLower(SHA256.HashData(data));

    private byte[] SigningKey(string secret, string dateStamp)
    {
        var cached = _keyCache;
        if (cached is not null && cached.DateStamp == dateStamp && cached.Secret == secret)
        {
            return cached.Key;
        }

        var kDate = HMACSHA256.HashData(Encoding.UTF8.GetBytes("AWS4" + secret), Encoding.UTF8.GetBytes(dateStamp));
        var kRegion = HMACSHA256.HashData(kDate, Encoding.UTF8.GetBytes(_region));
        var kService = HMACSHA256.HashData(kRegion, Encoding.UTF8.GetBytes(_service));
        var key = HMACSHA256.HashData(kService, "aws4_request"u8);
        _keyCache = new SigningKeyCacheEntry(secret, dateStamp, key);
        return key;
    }

    private sealed record SigningKeyCacheEntry(string Secret, string DateStamp, byte[] Key);
}
