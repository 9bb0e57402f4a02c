using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Analytics.Emulator.Http.Sts;

namespace Analytics.Emulator.Http.Auth;

/// <summary>What a SigV4 check needs from a request, independent of the HTTP server.</summary>
internal sealed record SignedRequest(
    string Method,
    string RawPath,
    string RawQuery,
    Func<string, string?> Header,
    ReadOnlyMemory<byte> Body);

/// <summary>
/// Checks the SigV4 `Authorization` header every request must carry. Without credentials it only requires a
/// well-formed header (like a client that signs with any key); with credentials it recomputes the signature
/// (service `states`, `lambda` or `sts`; the world's region unless <paramref name="region"/> is null, when any region
/// goes) and refuses mismatches, unknown keys and stale dates as AWS does. Temporary credentials AssumeRole issued
/// are always verified, with their session token and expiry.
/// </summary>
internal sealed class SigV4Verifier(EmulatorCredentials? credentials, string? region, TimeProvider clock, SessionStore sessions)
{
    private static readonly TimeSpan s_maxSkew = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Null when the request may proceed; then <paramref name="header"/> is its parsed Authorization header and
    /// <paramref name="session"/> the STS session that signed it (null for static keys).
    /// </summary>
    public ApiException? Check(ApiService service, SignedRequest request, out AuthorizationHeader? header, out StsSession? session)
    {
        header = null;
        session = null;
        var value = request.Header("authorization");
        if (string.IsNullOrEmpty(value))
        {
            return new ApiException("MissingAuthenticationTokenException", 403, "Missing Authentication Token");
        }
        header = AuthorizationHeader.TryParse(value, out var problem);
        if (header is null)
        {
            return Incomplete(service, problem!);
        }
        session = sessions.Find(header.AccessKeyId);
        if (session is not null)
        {
            return CheckSession(service, request, header, session);
        }
        if (credentials is null)
        {
            return null;
        }
        if (!string.Equals(header.AccessKeyId, credentials.AccessKeyId, StringComparison.Ordinal))
        {
            return new ApiException("UnrecognizedClientException", 403, "The security token included in the request is invalid.");
        }
        return CheckSignature(service, request, header, credentials.SecretAccessKey, region);
    }

    private ApiException? CheckSession(ApiService service, SignedRequest request, AuthorizationHeader header, StsSession session)
    {
        if (!string.Equals(request.Header("x-amz-security-token"), session.SessionToken, StringComparison.Ordinal))
        {
            return new ApiException("UnrecognizedClientException", 403, "The security token included in the request is invalid.");
        }
        if (clock.GetUtcNow() >= session.Expiration)
        {
            return new ApiException("ExpiredTokenException", 403, "The security token included in the request is expired");
        }
        return CheckSignature(service, request, header, session.SecretAccessKey, region: null);
    }

    private ApiException? CheckSignature(ApiService service, SignedRequest request, AuthorizationHeader header, string secret, string? region)
    {
        var serviceName = service.SigningName();
        if (header.Service != serviceName)
        {
            return Invalid($"Credential should be scoped to correct service: '{serviceName}'.");
        }
        if (region is not null && header.Region != region)
        {
            return Invalid($"Credential should be scoped to a valid region, not '{header.Region}'.");
        }
        if (!header.SignedHeaders.Contains("host"))
        {
            return Incomplete(service, "'Host' must be a signed header");
        }
        var amzDate = request.Header("x-amz-date");
        if (amzDate is null || !DateTimeOffset.TryParseExact(amzDate, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var signedAt))
        {
            return Incomplete(service, "X-Amz-Date must be present as yyyyMMddTHHmmssZ");
        }
        if (!amzDate.StartsWith(header.Date, StringComparison.Ordinal))
        {
            return Invalid($"Date in Credential scope does not match YYYYMMDD from X-Amz-Date: {header.Date} vs {amzDate}.");
        }
        var now = clock.GetUtcNow();
        if ((now - signedAt).Duration() > s_maxSkew)
        {
            return Invalid($"Signature expired: {amzDate} is not within 15 minutes of the server time "
                + now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture) + ".");
        }

        var canonical = CanonicalRequest.Build(request.Method, request.RawPath, request.RawQuery, header.SignedHeaders,
            request.Header, Convert.ToHexStringLower(SHA256.HashData(request.Body.Span)));
        var expected = Sign(secret, header, amzDate, canonical);
        var provided = Encoding.ASCII.GetBytes(header.Signature);
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), provided)
            ? null
            : Invalid("The request signature we calculated does not match the signature you provided. Check your AWS "
                + "Secret Access Key and signing method. Consult the service documentation for details.");
    }

    private static string Sign(string secret, AuthorizationHeader header, string amzDate, string canonicalRequest)
    {
        var stringToSign = $"{AuthorizationHeader.Algorithm}\n{amzDate}\n{header.Scope}\n"
            + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)));
        var key = Hmac(Encoding.UTF8.GetBytes("AWS4" + secret), header.Date);
        key = Hmac(key, header.Region);
        key = Hmac(key, header.Service);
        key = Hmac(key, "aws4_request");
        return Convert.ToHexStringLower(Hmac(key, stringToSign));
    }

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));

    private static ApiException Invalid(string message) => new("InvalidSignatureException", 403, message);

    // Step Functions documents IncompleteSignature as HTTP 400, Lambda as 403.
    private static ApiException Incomplete(ApiService service, string message) =>
        new("IncompleteSignatureException", service == ApiService.Lambda ? 403 : 400, message);
}
