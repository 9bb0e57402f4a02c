using System.Globalization;
using System.Text;

namespace Analytics.Aws.Http;

/// <summary>
/// Builds a restJson1 query string the way the SDKs send it: keys sorted, list members repeat the key, booleans as
/// <c>true</c>/<c>false</c>, timestamps as ISO-8601 UTC with <c>Z</c> (milliseconds only when non-zero), every key and
/// value percent-encoded. Absent (null) members are left out.
/// </summary>
public sealed class QueryString
{
    private readonly List<KeyValuePair<string, string>> _pairs = [];

    public QueryString Add(string key, string? value)
    {
        if (value is not null)
        {
            _pairs.Add(new(key, value));
        }

        return this;
    }

    public QueryString Add(string key, int? value) =>
        Add(key, value?.ToString(CultureInfo.InvariantCulture));

    public QueryString Add(string key, bool? value) =>
        Add(key, value is null ? null : value.Value ? "true" : "false");

    public QueryString Add(string key, DateTimeOffset? value) =>
        Add(key, value is null ? null : FormatTimestamp(value.Value));

    public QueryString Add(string key, IEnumerable<string>? values)
    {
        if (values is not null)
        {
            foreach (var value in values)
            {
                Add(key, value);
            }
        }

        return this;
    }

    /// <summary>ISO-8601 UTC: <c>2026-01-01T00:00:00Z</c>, or <c>2025-01-01T01:02:03.456Z</c> when milliseconds are set.</summary>
    public static string FormatTimestamp(DateTimeOffset value)
    {
        var utc = value.ToUniversalTime();
        return utc.Millisecond == 0
            ? utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)
            : utc.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
    }

    /// <summary>The encoded query without the leading <c>?</c> (empty when there is nothing to send).</summary>
    public override string ToString()
    {
        if (_pairs.Count == 0)
        {
            return string.Empty;
        }

        // Stable sort by key keeps repeated list values in the caller's order, as the SDK sends them.
        var ordered = _pairs.OrderBy(p => p.Key, StringComparer.Ordinal);
        var builder = new StringBuilder();
        foreach (var (key, value) in ordered)
        {
            if (builder.Length > 0)
            {
                builder.Append('&');
            }

            builder.Append(PercentEncoding.Encode(key)).Append('=').Append(PercentEncoding.Encode(value));
        }

        return builder.ToString();
    }
}
