namespace Analytics.Emulator.Http.Auth;

/// <summary>
/// The parts of `Authorization: AWS4-HMAC-SHA256 Credential=KEY/DATE/REGION/SERVICE/aws4_request,
/// SignedHeaders=a;b, Signature=hex`.
/// </summary>
internal sealed record AuthorizationHeader(
    string AccessKeyId,
    string Date,
    string Region,
    string Service,
    IReadOnlyList<string> SignedHeaders,
    string Signature)
{
    public const string Algorithm = "AWS4-HMAC-SHA256";

    public string Scope => $"{Date}/{Region}/{Service}/aws4_request";

    /// <summary>Parses the header; on failure <paramref name="problem"/> says what is missing.</summary>
    public static AuthorizationHeader? TryParse(string value, out string? problem)
    {
        problem = null;
        if (!value.StartsWith(Algorithm + " ", StringComparison.Ordinal))
        {
            problem = $"Authorization header must use the {Algorithm} algorithm";
            return null;
        }
        string? credential = null, signedHeaders = null, signature = null;
        foreach (var part in value[(Algorithm.Length + 1)..].Split(','))
        {
            var item = part.Trim();
            var equals = item.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                continue;
            }
            var key = item[..equals];
            var text = item[(equals + 1)..];
            switch (key)
            {
                case "Credential": credential = text; break;
                case "SignedHeaders": signedHeaders = text; break;
                case "Signature": signature = text; break;
            }
        }
        if (credential is null || signedHeaders is null || signature is null)
        {
            problem = "Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters";
            return null;
        }
        var scope = credential.Split('/');
        if (scope.Length != 5 || scope[4] != "aws4_request" || scope[1].Length != 8 || scope.Any(s => s.Length == 0))
        {
            problem = "Credential must look like KEY/YYYYMMDD/REGION/SERVICE/aws4_request";
            return null;
        }
        var headers = signedHeaders.Split(';');
        if (headers.Any(h => h.Length == 0 || h != h.ToLowerInvariant()))
        {
            problem = "SignedHeaders must be a ';'-separated list of lower-case header names";
            return null;
        }
        return new AuthorizationHeader(scope[0], scope[1], scope[2], scope[3], headers, signature);
    }
}
