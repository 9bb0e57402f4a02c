using System.Runtime.CompilerServices;
using System.Text.Json;
using Analytics.Core.Columns;

namespace Analytics.Core.Json;

/// <summary>String-token helpers that work on the raw UTF-8 bytes: no <c>GetString()</c>, no allocation.</summary>
internal static class JsonStrings
{
    /// <summary>Copies the current string token, unescaped, into a column row.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void CopyTo(ref Utf8JsonReader reader, VarcharColumn column, int row)
    {
        var raw = reader.ValueSpan;
        if (!reader.ValueIsEscaped)
        {
            column.Set(row, raw);
            return;
        }
        // Unescaping never makes a value longer, so reserve the escaped length and give back the rest.
        var written = reader.CopyString(column.Reserve(row, raw.Length));
        column.Truncate(row, written);
    }

    /// <summary>
    /// Copies an escaped string token (its bytes with the quotes) unescaped into a column row, as the reader would.
    /// False for <c>\u</c> escapes: the reader's own path decides what an unpaired surrogate means.
    /// </summary>
    public static bool TryCopyEscaped(ReadOnlySpan<byte> quoted, VarcharColumn column, int row)
    {
        if (quoted.IndexOf("\\u"u8) >= 0)
        {
            return false;
        }
        var reader = new Utf8JsonReader(quoted);
        reader.Read();
        CopyTo(ref reader, column, row);
        return true;
    }

    /// <summary>Copies the current string token, unescaped, into an arena.</summary>
    public static Slice CopyTo(ref Utf8JsonReader reader, ByteArena arena)
    {
        var raw = reader.ValueSpan;
        var start = arena.Length;
        if (!reader.ValueIsEscaped)
        {
            return arena.Append(raw);
        }
        var written = reader.CopyString(arena.Reserve(raw.Length));
        arena.Truncate(start + written);
        return new Slice(start, written);
    }

    /// <summary>
    /// The UTF-8 length the current string token has once unescaped (what AWS counts as payload size), computed from
    /// the escaped bytes without copying them.
    /// </summary>
    public static long UnescapedLength(ref Utf8JsonReader reader)
    {
        var raw = reader.ValueSpan;
        return reader.ValueIsEscaped ? UnescapedLength(raw) : raw.Length;
    }

    public static long UnescapedLength(ReadOnlySpan<byte> escaped)
    {
        // Common case (JSON text inside a string: \" escapes): every escape other than \uXXXX and \\ is two bytes
        // standing for one, so three vectorized passes replace a search per escape.
        if (escaped.IndexOf("\\u"u8) < 0 && escaped.IndexOf("\\\\"u8) < 0)
        {
            return escaped.Length - escaped.Count((byte)'\\');
        }
        long length = 0;
        while (true)
        {
            var slash = escaped.IndexOf((byte)'\\');
            if (slash < 0)
            {
                return length + escaped.Length;
            }
            length += slash;
            escaped = escaped[(slash + 1)..];
            if (escaped.IsEmpty)
            {
                return length;
            }
            if (escaped[0] != (byte)'u' || escaped.Length < 5)
            {
                length += 1;
                escaped = escaped[1..];
                continue;
            }
            var code = HexValue(escaped.Slice(1, 4));
            escaped = escaped[5..];
            if (code is >= 0xD800 and <= 0xDBFF && escaped.Length >= 6 && escaped[0] == (byte)'\\' && escaped[1] == (byte)'u')
            {
                // A surrogate pair written as two escapes is one 4-byte UTF-8 sequence.
                length += 4;
                escaped = escaped[6..];
                continue;
            }
            length += code < 0x80 ? 1 : code < 0x800 ? 2 : 3;
        }
    }

    private static int HexValue(ReadOnlySpan<byte> hex)
    {
        var value = 0;
        foreach (var b in hex)
        {
            var digit = b switch
            {
                >= (byte)'0' and <= (byte)'9' => b - '0',
                >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
                >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
                _ => 0,
            };
            value = (value << 4) | digit;
        }
        return value;
    }
}
