using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Analytics.Aws.Http;

/// <summary>Reads the AWS error code, message, request id and Retry-After from an error response.</summary>
internal static class ErrorResponseParser
{
    public static (string Code, string? Message) CodeAndMessage(AwsProtocol protocol, HttpResponseMessage response, ReadOnlySpan<byte> body)
    {
        string? type = null, code = null, message = null;
        ReadBody(body, ref type, ref code, ref message);
        var header = response.Headers.TryGetValues("X-Amzn-ErrorType", out var values) ? values.FirstOrDefault() : null;
        var raw = protocol != AwsProtocol.RestJson1
            ? First(type, code, header)
            : First(header, code, type);
        return (raw is null ? "Unknown" : Clean(raw), message);
    }

    /// <summary>Cuts at the first <c>,</c> and <c>:</c> and keeps what follows a <c>#</c> namespace prefix.</summary>
    public static string Clean(string raw)
    {
        var value = raw;
        var comma = value.IndexOf(',', StringComparison.Ordinal);
        if (comma >= 0)
        {
            value = value[..comma];
        }

        var colon = value.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
        {
            value = value[..colon];
        }

        var hash = value.LastIndexOf('#');
        if (hash >= 0)
        {
            value = value[(hash + 1)..];
        }

        value = value.Trim();
        return value.Length == 0 ? "Unknown" : value;
    }

    public static string? RequestId(HttpResponseMessage response) =>
        response.Headers.TryGetValues("x-amzn-RequestId", out var ids) ? ids.FirstOrDefault()
        : response.Headers.TryGetValues("x-amz-request-id", out ids) ? ids.FirstOrDefault()
        : null;

    /// <summary>The delay the server asks for: <c>x-amz-retry-after</c> (ms) or <c>Retry-After</c> (seconds or HTTP date).</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage response, DateTimeOffset now)
    {
        if (response.Headers.TryGetValues("x-amz-retry-after", out var amz)
            && long.TryParse(amz.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var ms))
        {
            return TimeSpan.FromMilliseconds(ms);
        }

        RetryConditionHeaderValue? retryAfter = response.Headers.RetryAfter;
        if (retryAfter?.Delta is { } delta)
        {
            return delta;
        }

        if (retryAfter?.Date is { } date)
        {
            var wait = date - now;
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }

    private static void ReadBody(ReadOnlySpan<byte> body, ref string? type, ref string? code, ref string? message)
    {
        if (body.IsEmpty)
        {
            return;
        }

        try
        {
            var reader = new Utf8JsonReader(body);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString();
                reader.Read();
                if (reader.TokenType == JsonTokenType.String)
                {
                    var value = reader.GetString();
                    if (name == "__type")
                    {
                        type = value;
                    }
                    else if (string.Equals(name, "code", StringComparison.OrdinalIgnoreCase))
                    {
                        code = value;
                    }
                    else if (name == "message" || (name == "Message" && message is null))
                    {
                        message = value;
                    }
                }
                else
                {
                    reader.Skip();
                }
            }
        }
        catch (JsonException)
        {
            // An unreadable error body leaves the header (or "Unknown") as the code.
        }
    }

    private static string? First(params string?[] values) => values.FirstOrDefault(static v => !string.IsNullOrWhiteSpace(v));
}
