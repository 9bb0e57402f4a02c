using System.Globalization;
using System.Text;

namespace Analytics.Emulator.Http.Auth;

/// <summary>
/// Builds the SigV4 canonical request from what arrived on the wire. The canonical URI is the raw (already
/// percent-encoded) path, normalized and URI-encoded once more, as signers do for every service but S3 (so a Lambda
/// label's `%3A` is signed as `%253A`).
/// </summary>
internal static class CanonicalRequest
{
    public static string Build(
        string method,
        string rawPath,
        string rawQuery,
        IReadOnlyList<string> signedHeaders,
        Func<string, string?> headerValue,
        string payloadSha256Hex)
    {
        var builder = new StringBuilder(512);
        builder.Append(method).Append('\n');
        builder.Append(CanonicalUri(rawPath)).Append('\n');
        builder.Append(CanonicalQuery(rawQuery)).Append('\n');
        foreach (var name in signedHeaders)
        {
            builder.Append(name).Append(':').Append(CanonicalHeaderValue(headerValue(name) ?? "")).Append('\n');
        }
        builder.Append('\n');
        builder.Append(string.Join(';', signedHeaders)).Append('\n');
        builder.Append(payloadSha256Hex);
        return builder.ToString();
    }

    public static string CanonicalUri(string rawPath)
    {
        var segments = new List<string>();
        foreach (var segment in rawPath.Split('/'))
        {
            if (segment.Length == 0 || segment == ".")
            {
                continue;
            }
            if (segment == "..")
            {
                if (segments.Count > 0)
                {
                    segments.RemoveAt(segments.Count - 1);
                }
                continue;
            }
            segments.Add(segment);
        }
        var normalized = "/" + string.Join('/', segments) + (segments.Count > 0 && rawPath.EndsWith('/') ? "/" : "");
        return string.Join('/', normalized.Split('/').Select(Encode));
    }

    public static string CanonicalQuery(string rawQuery)
    {
        var pairs = new List<(string Key, string Value)>();
        foreach (var pair in rawQuery.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]);
            var value = equals < 0 ? "" : Uri.UnescapeDataString(pair[(equals + 1)..]);
            pairs.Add((Encode(key), Encode(value)));
        }
        pairs.Sort((a, b) =>
        {
            var byKey = string.CompareOrdinal(a.Key, b.Key);
            return byKey != 0 ? byKey : string.CompareOrdinal(a.Value, b.Value);
        });
        return string.Join('&', pairs.Select(p => p.Key + "=" + p.Value));
    }

    /// <summary>Trimmed, with runs of spaces collapsed to one (values of repeated headers arrive comma-joined).</summary>
    private static string CanonicalHeaderValue(string value)
    {
        var builder = new StringBuilder(value.Length);
        var previousSpace = false;
        foreach (var c in value.Trim())
        {
            var space = c == ' ';
            if (!(space && previousSpace))
            {
                builder.Append(c);
            }
            previousSpace = space;
        }
        return builder.ToString();
    }

    /// <summary>RFC 3986 encoding: everything but unreserved characters as upper-case %XX of the UTF-8 bytes.</summary>
    public static string Encode(string value)
    {
        var builder = new StringBuilder(value.Length + 16);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~')
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }
        return builder.ToString();
    }
}
