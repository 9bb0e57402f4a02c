using System.Text.Json;

namespace Analytics.Core.Json;

/// <summary>Reads an event array, from its StartArray token to its end (each flattener's own per-event loop).</summary>
internal interface IEventArrayReader
{
    void ReadEventArray(ref Utf8JsonReader reader);
}

/// <summary>
/// The page envelope both history flatteners accept: a response object whose one events member is an array (other
/// members such as nextToken or ResponseMetadata are skipped), or a bare array of events. Runs once per page; the
/// events themselves go to the caller's <see cref="IEventArrayReader"/> (a struct, so the call is specialized).
/// </summary>
internal static class HistoryPageEnvelope
{
    /// <summary>How both flatteners' readers read history JSON.</summary>
    public static JsonReaderOptions ReaderOptions { get; } = new() { MaxDepth = 256 };

    /// <summary>Reads one whole page with a reader of its own (see <see cref="Read"/>); malformed JSON is one more
    /// problem, at the offset the reader had reached, with the reader's exception in <paramref name="inner"/>.</summary>
    public static string? ReadPage<TEvents>(ReadOnlySpan<byte> page, ReadOnlySpan<byte> eventsMember, string responseName,
        string pageKind, ref TEvents events, out long offset, out JsonException? inner)
        where TEvents : struct, IEventArrayReader
    {
        var reader = new Utf8JsonReader(page, ReaderOptions);
        inner = null;
        try
        {
            return Read(ref reader, eventsMember, responseName, pageKind, ref events, out offset);
        }
        catch (JsonException ex)
        {
            inner = ex;
            offset = reader.BytesConsumed;
            return $"malformed JSON: {ex.Message}";
        }
    }

    /// <summary>Reads one whole page.</summary>
    /// <param name="eventsMember">The events member's UTF-8 name (`events`, `Events`).</param>
    /// <param name="responseName">The API whose response this is, for the message when the member is missing.</param>
    /// <param name="pageKind">What the page is called in messages ("a history page").</param>
    /// <returns>Null when the page was read whole; otherwise the problem, with its offset in <paramref name="offset"/>,
    /// for the caller to raise with its own context.</returns>
    public static string? Read<TEvents>(ref Utf8JsonReader reader, ReadOnlySpan<byte> eventsMember, string responseName,
        string pageKind, ref TEvents events, out long offset)
        where TEvents : struct, IEventArrayReader
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.StartArray)
        {
            events.ReadEventArray(ref reader);
        }
        else if (reader.TokenType == JsonTokenType.StartObject)
        {
            var sawEvents = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isEvents = reader.ValueTextEquals(eventsMember);
                reader.Read();
                if (isEvents && !sawEvents && reader.TokenType == JsonTokenType.StartArray)
                {
                    sawEvents = true;
                    events.ReadEventArray(ref reader);
                }
                else if (isEvents)
                {
                    offset = reader.TokenStartIndex;
                    return $"'{Name(eventsMember)}' must be one array";
                }
                else
                {
                    reader.Skip();
                }
            }
            if (!sawEvents)
            {
                offset = reader.TokenStartIndex;
                return $"the page has no '{Name(eventsMember)}' array (not a {responseName} response)";
            }
        }
        else
        {
            offset = reader.TokenStartIndex;
            return $"{pageKind} must be a JSON object or array";
        }
        if (reader.Read())
        {
            offset = reader.TokenStartIndex;
            return "unexpected data after the page's JSON value";
        }
        offset = 0;
        return null;
    }

    // Only on the error paths: reading a good page allocates nothing.
    private static string Name(ReadOnlySpan<byte> utf8) => System.Text.Encoding.UTF8.GetString(utf8);
}
