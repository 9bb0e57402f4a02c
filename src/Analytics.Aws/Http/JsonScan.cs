using System.Text.Json;

namespace Analytics.Aws.Http;

/// <summary>Cheap checks over a response body without deserializing it.</summary>
internal static class JsonScan
{
    /// <summary>
    /// Reads every token (so a truncated or malformed body is detected) and returns the top-level string member
    /// named <paramref name="tokenMember"/>, if any. Throws <see cref="JsonException"/> on invalid JSON.
    /// </summary>
    public static string? ValidateAndFindTopLevelString(ReadOnlySpan<byte> json, ReadOnlySpan<byte> tokenMember)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 256 });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("The response body is not a JSON object.");
        }

        string? token = null;
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1)
            {
                var isToken = reader.ValueTextEquals(tokenMember);
                reader.Read();
                if (isToken && reader.TokenType == JsonTokenType.String)
                {
                    token = reader.GetString();
                }
                else if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    // Walks the nested tokens one by one: Skip() would not notice a truncated tail any better.
                    continue;
                }
            }
        }

        if (reader.BytesConsumed != json.Length && !IsWhitespace(json[(int)reader.BytesConsumed..]))
        {
            throw new JsonException("Unexpected data after the JSON object.");
        }

        return token;
    }

    /// <summary>Whether the bytes form one complete JSON value (a syntax check only).</summary>
    public static bool IsCompleteJson(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            while (reader.Read())
            {
            }

            return reader.BytesConsumed > 0 && reader.CurrentDepth == 0;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool IsWhitespace(ReadOnlySpan<byte> tail)
    {
        foreach (var b in tail)
        {
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
            {
                return false;
            }
        }

        return true;
    }
}
