using System.Text.Json;

namespace Analytics.Core.Json;

/// <summary>
/// Re-writes the JSON value under a reader as compact JSON text (no insignificant whitespace, the original escapes
/// kept), token by token into a <see cref="ByteArena"/>. Used for <c>details_json</c> and, in lenient mode, for
/// objects that stand where AWS sends JSON text.
/// </summary>
internal static class CompactJson
{
    /// <summary>Copies the value the reader is positioned on (a scalar, or a whole object/array) and leaves the reader
    /// on its last token.</summary>
    public static void CopyValue(ref Utf8JsonReader reader, ByteArena output)
    {
        var depth = reader.CurrentDepth;
        var needComma = false;
        do
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                    Separator(output, ref needComma);
                    output.Append((byte)'{');
                    break;
                case JsonTokenType.StartArray:
                    Separator(output, ref needComma);
                    output.Append((byte)'[');
                    break;
                case JsonTokenType.EndObject:
                    output.Append((byte)'}');
                    needComma = true;
                    break;
                case JsonTokenType.EndArray:
                    output.Append((byte)']');
                    needComma = true;
                    break;
                case JsonTokenType.PropertyName:
                    Separator(output, ref needComma);
                    WriteQuoted(output, reader.ValueSpan);
                    output.Append((byte)':');
                    break;
                case JsonTokenType.String:
                    Separator(output, ref needComma);
                    WriteQuoted(output, reader.ValueSpan);
                    needComma = true;
                    break;
                default:
                    Separator(output, ref needComma);
                    output.Append(reader.ValueSpan);
                    needComma = true;
                    break;
            }
            if (reader.CurrentDepth == depth && reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray))
            {
                return;
            }
        }
        while (reader.Read());
    }

    /// <summary>Writes a property name as it appears in the input (already escaped).</summary>
    public static void WriteQuoted(ByteArena output, ReadOnlySpan<byte> escaped)
    {
        output.Append((byte)'"');
        output.Append(escaped);
        output.Append((byte)'"');
    }

    private static readonly System.Buffers.SearchValues<byte> s_needsEscape =
        System.Buffers.SearchValues.Create([.. Enumerable.Range(0, 0x20).Select(b => (byte)b), (byte)'"', (byte)'\\']);

    /// <summary>Writes unescaped UTF-8 text as a JSON string: quotes, backslashes and control characters escaped,
    /// everything else (non-ASCII included) as is.</summary>
    public static void WriteString(ByteArena output, ReadOnlySpan<byte> utf8)
    {
        output.Append((byte)'"');
        while (!utf8.IsEmpty)
        {
            var stop = utf8.IndexOfAny(s_needsEscape);
            if (stop < 0)
            {
                output.Append(utf8);
                break;
            }
            output.Append(utf8[..stop]);
            var b = utf8[stop];
            switch (b)
            {
                case (byte)'"':
                    output.Append("\\\""u8);
                    break;
                case (byte)'\\':
                    output.Append("\\\\"u8);
                    break;
                case (byte)'\n':
                    output.Append("\\n"u8);
                    break;
                case (byte)'\r':
                    output.Append("\\r"u8);
                    break;
                case (byte)'\t':
                    output.Append("\\t"u8);
                    break;
                default:
                    output.Append("\\u00"u8);
                    output.Append((byte)"0123456789abcdef"[b >> 4]);
                    output.Append((byte)"0123456789abcdef"[b & 0xF]);
                    break;
            }
            utf8 = utf8[(stop + 1)..];
        }
        output.Append((byte)'"');
    }

    private static void Separator(ByteArena output, ref bool needComma)
    {
        if (needComma)
        {
            output.Append((byte)',');
        }
        needComma = false;
    }
}
