using System.Globalization;

namespace Analytics.Emulator.Http.Lambda;

/// <summary>
/// A restJson1 request as Lambda binds it: the raw path split on `/` first and each segment percent-decoded after
/// (labels such as durable execution ARNs carry `%2F`), and the query with repeated keys kept (`Statuses=A&amp;Statuses=B`).
/// </summary>
internal sealed class LambdaRequest
{
    private readonly Dictionary<string, List<string>> _query;

    private LambdaRequest(string method, string[] segments, Dictionary<string, List<string>> query)
    {
        Method = method;
        Segments = segments;
        _query = query;
    }

    public string Method { get; }

    /// <summary>Decoded path segments without the leading empty one (`/a/b/` gives `a`, `b`, ``).</summary>
    public IReadOnlyList<string> Segments { get; }

    public static LambdaRequest Parse(string method, string rawPath, string rawQuery)
    {
        var parts = rawPath.Split('/');
        var segments = new string[Math.Max(0, parts.Length - 1)];
        for (var i = 1; i < parts.Length; i++)
        {
            segments[i - 1] = Uri.UnescapeDataString(parts[i]);
        }
        var query = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var pair in rawQuery.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var key = DecodeQuery(equals < 0 ? pair : pair[..equals]);
            var value = equals < 0 ? "" : DecodeQuery(pair[(equals + 1)..]);
            if (!query.TryGetValue(key, out var values))
            {
                query[key] = values = [];
            }
            values.Add(value);
        }
        return new LambdaRequest(method, segments, query);
    }

    // Form decoding: a '+' a client forgot to encode becomes a space, as on the real service, so such bugs show.
    private static string DecodeQuery(string value) => Uri.UnescapeDataString(value.Replace('+', ' '));

    public string? Single(string name) => _query.TryGetValue(name, out var values) ? values[0] : null;

    public IReadOnlyList<string> All(string name) => _query.TryGetValue(name, out var values) ? values : [];

    public bool? Bool(string name)
    {
        var value = Single(name);
        if (value is null)
        {
            return null;
        }
        return bool.TryParse(value, out var parsed)
            ? parsed
            : throw LambdaErrors.InvalidParameter($"{name} must be true or false, got '{value}'");
    }

    /// <summary>`MaxItems` within the operation's bounds, or its default when absent.</summary>
    public int MaxItems(int min, int max, int absent)
    {
        var value = Single("MaxItems");
        if (value is null)
        {
            return absent;
        }
        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) || parsed < min || parsed > max)
        {
            throw LambdaErrors.InvalidParameter($"MaxItems must be an integer between {min} and {max}, got '{value}'");
        }
        return parsed;
    }

    /// <summary>An ISO-8601 query timestamp (`2025-01-01T01:02:03.456Z`).</summary>
    public DateTimeOffset? Timestamp(string name)
    {
        var value = Single(name);
        if (value is null)
        {
            return null;
        }
        return value.Contains('T', StringComparison.Ordinal)
            && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed)
            ? parsed
            : throw LambdaErrors.InvalidParameter($"{name} must be an ISO-8601 timestamp, got '{value}'");
    }
}
