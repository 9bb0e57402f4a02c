using System.Buffers;
using System.Buffers.Text;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text;

namespace Analytics.Core.Json;

/// <summary>
/// A forward-only scanner over a whole page of UTF-8 JSON for the flatteners' hot path: tokens are located in place
/// (a string ends where an inline vector search meets a quote, a backslash, a control or a non-ASCII byte), with no
/// reader state to keep. Every method returns false on anything it does not handle, including every kind of
/// malformed JSON; the caller then hands the page to <c>Utf8JsonReader</c> from a position it knows (an event's
/// start), and the reader reports the exact error. It is never more lenient than the reader: whatever it accepts,
/// the reader accepts with the same meaning. That includes UTF-8: it checks every non-ASCII byte it meets (they can
/// only stand in strings), so a page it reads whole needs no separate check.
/// </summary>
internal ref struct JsonScanner(ReadOnlySpan<byte> bytes)
{
    /// <summary>Deeper nesting inside a skipped value is left to the reader (which enforces its own limit).</summary>
    private const int MaxSkipDepth = 64;

    private readonly ReadOnlySpan<byte> _bytes = bytes;

    /// <summary>Offset of the next byte to read.</summary>
    public int Position;

    public readonly ReadOnlySpan<byte> Bytes => _bytes;

    /// <summary>The next significant byte (whitespace skipped, not consumed), or -1 at the end.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Peek()
    {
        var p = Position;
        if ((uint)p < (uint)_bytes.Length && _bytes[p] > (byte)' ')
        {
            return _bytes[p];
        }
        return PeekAfterWhitespace();
    }

    /// <summary>Consumes <paramref name="token"/> (after any whitespace) when it is next.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryConsume(byte token)
    {
        if (Peek() != token)
        {
            return false;
        }
        Position++;
        return true;
    }

    /// <summary>True when nothing but whitespace is left.</summary>
    public bool AtEnd() => Peek() < 0;

    /// <summary>
    /// Reads a member name and its colon, leaving the scanner on the value. Names with escapes are not handled (the
    /// names the flatteners look for have none).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryReadName(out ReadOnlySpan<byte> name)
    {
        if (!TryReadString(out var start, out var length, out var escaped) || escaped || !TryConsume((byte)':'))
        {
            name = default;
            return false;
        }
        name = _bytes.Slice(start, length);
        return true;
    }

    /// <summary>
    /// Reads the string whose opening quote is at <see cref="Position"/>: its raw (still escaped) content is
    /// <c>[start, start + length)</c>. Escapes are checked as the reader checks them.
    /// </summary>
    public bool TryReadString(out int start, out int length, out bool escaped)
    {
        escaped = false;
        if (Peek() != '"')
        {
            start = length = 0;
            return false;
        }
        var p = Position + 1;
        start = p;
        while (true)
        {
            p = IndexOfStringStop(_bytes, p);
            if (p < 0)
            {
                length = 0;
                return false;
            }
            var b = _bytes[p];
            if (b == '"')
            {
                length = p - start;
                Position = p + 1;
                return true;
            }
            var ok = b switch
            {
                (byte)'\\' => TrySkipEscape(ref p),
                >= 0x80 => TrySkipUtf8(ref p),
                _ => false,
            };
            if (!ok)
            {
                length = 0;
                Position = p;
                return false;
            }
            escaped |= b == '\\';
        }
    }

    /// <summary>Reads a number token, checking JSON's number grammar; the scanner is left after it.</summary>
    public bool TryReadNumber(out ReadOnlySpan<byte> number)
    {
        Peek();
        var bytes = _bytes;
        var start = Position;
        var p = start;
        if (p < bytes.Length && bytes[p] == '-')
        {
            p++;
        }
        // Integer part: 0, or a non-zero digit and more digits.
        if (p >= bytes.Length || !IsDigit(bytes[p]))
        {
            return Fail(out number);
        }
        if (bytes[p++] != '0')
        {
            p = SkipDigits(bytes, p);
        }
        if (p < bytes.Length && bytes[p] == '.')
        {
            var fraction = ++p;
            p = SkipDigits(bytes, p);
            if (p == fraction)
            {
                return Fail(out number);
            }
        }
        if (p < bytes.Length && (bytes[p] | 0x20) == 'e')
        {
            p++;
            if (p < bytes.Length && (bytes[p] == '+' || bytes[p] == '-'))
            {
                p++;
            }
            var exponent = p;
            p = SkipDigits(bytes, p);
            if (p == exponent)
            {
                return Fail(out number);
            }
        }
        // A number must end at a delimiter; "1x" or "01" are left to the reader.
        if (p < bytes.Length && !IsDelimiter(bytes[p]))
        {
            return Fail(out number);
        }
        number = bytes[start..p];
        Position = p;
        return true;
    }

    /// <summary>
    /// A plain non-negative integer of at most 18 digits (ids, counts) read and checked in one pass; false for any
    /// other number (signs, fractions, exponents, leading zeros) or token.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryReadDigits(out long value)
    {
        Peek();
        var bytes = _bytes;
        var start = Position;
        var p = start;
        long v = 0;
        while (p < bytes.Length)
        {
            var digit = (uint)(bytes[p] - '0');
            if (digit > 9)
            {
                break;
            }
            v = (v * 10) + digit;
            p++;
        }
        var count = p - start;
        if (count == 0 || count > 18 || (count > 1 && bytes[start] == '0') || (p < bytes.Length && !IsDelimiter(bytes[p])))
        {
            value = 0;
            return false;
        }
        value = v;
        Position = p;
        return true;
    }

    /// <summary>Epoch seconds written plainly (<c>1763596800.123</c>) read and checked in one pass; false for any
    /// other form (the caller then tries the general number).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryReadPlainSeconds(out long micros)
    {
        Peek();
        var start = Position;
        var rest = _bytes[start..];
        if (!Timestamps.TryParsePlainSecondsPrefix(rest, out micros, out var consumed)
            || (consumed > 1 && rest[0] == '0' && rest[1] != '.')
            || (consumed < rest.Length && !IsDelimiter(rest[consumed])))
        {
            return false;
        }
        Position = start + consumed;
        return true;
    }

    /// <summary>An integer token as <c>Utf8JsonReader.TryGetInt64</c> reads one (no fraction, no exponent).</summary>
    public bool TryReadInt64(out long value)
    {
        value = 0;
        return TryReadNumber(out var number) && Utf8Parser.TryParse(number, out value, out var consumed) && consumed == number.Length;
    }

    /// <inheritdoc cref="TryReadInt64"/>
    public bool TryReadInt32(out int value)
    {
        value = 0;
        return TryReadNumber(out var number) && Utf8Parser.TryParse(number, out value, out var consumed) && consumed == number.Length;
    }

    /// <summary>Consumes <c>true</c> or <c>false</c>.</summary>
    public bool TryReadBoolean(out bool value)
    {
        value = false;
        Peek();
        if (TryLiteral("true"u8))
        {
            value = true;
            return true;
        }
        return TryLiteral("false"u8);
    }

    /// <summary>Consumes <c>null</c> when it is next.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryReadNull() => Peek() == 'n' && TryLiteral("null"u8);

    /// <summary>Skips one whole value (checked as strictly as the reader would), whatever its kind.</summary>
    public bool TrySkipValue()
    {
        ulong objects = 0; // bit d - 1 set: the container at depth d is an object
        var depth = 0;
        while (true)
        {
            switch (Peek())
            {
                case '"':
                    if (!TryReadString(out _, out _, out _))
                    {
                        return false;
                    }
                    break;
                case '{' or '[':
                    var isObject = _bytes[Position] == '{';
                    Position++;
                    if (depth == MaxSkipDepth)
                    {
                        return false;
                    }
                    depth++;
                    objects = isObject ? objects | (1UL << (depth - 1)) : objects & ~(1UL << (depth - 1));
                    if (TryConsume(isObject ? (byte)'}' : (byte)']'))
                    {
                        depth--;
                        break;
                    }
                    if (isObject && !TryReadName(out _))
                    {
                        return false;
                    }
                    continue;
                case 't' or 'f':
                    if (!TryReadBoolean(out _))
                    {
                        return false;
                    }
                    break;
                case 'n':
                    if (!TryLiteral("null"u8))
                    {
                        return false;
                    }
                    break;
                default:
                    if (!TryReadNumber(out _))
                    {
                        return false;
                    }
                    break;
            }
            // After a value: close the containers that end here, then on to the next member or element.
            while (true)
            {
                if (depth == 0)
                {
                    return true;
                }
                var inObject = ((objects >> (depth - 1)) & 1) != 0;
                var next = Peek();
                if (next == ',')
                {
                    Position++;
                    if (inObject && !TryReadName(out _))
                    {
                        return false;
                    }
                    break;
                }
                if (next != (inObject ? '}' : ']'))
                {
                    return false;
                }
                Position++;
                depth--;
            }
        }
    }

    private static bool Fail(out ReadOnlySpan<byte> number)
    {
        number = default;
        return false;
    }

    private bool TryLiteral(ReadOnlySpan<byte> literal)
    {
        var p = Position;
        if (!_bytes[p..].StartsWith(literal) || (p + literal.Length < _bytes.Length && !IsDelimiter(_bytes[p + literal.Length])))
        {
            return false;
        }
        Position = p + literal.Length;
        return true;
    }

    /// <summary>Steps over the UTF-8 sequence at <paramref name="p"/>; false when it is not valid UTF-8.</summary>
    private readonly bool TrySkipUtf8(ref int p)
    {
        if (Rune.DecodeFromUtf8(_bytes[p..], out _, out var consumed) != OperationStatus.Done)
        {
            return false;
        }
        p += consumed;
        return true;
    }

    /// <summary>
    /// The first byte at or after <paramref name="p"/> that ends plain string content: the quote, the backslash, a
    /// control byte (invalid in JSON) or a non-ASCII byte (its UTF-8 is then checked); -1 when there is none. Sixteen
    /// bytes per step, inline: most strings here are short, and a library search costs more in its call than in it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int IndexOfStringStop(ReadOnlySpan<byte> bytes, int p)
    {
        ref var first = ref MemoryMarshal.GetReference(bytes);
        var quote = Vector128.Create((byte)'"');
        var backslash = Vector128.Create((byte)'\\');
        var space = Vector128.Create((sbyte)' ');
        while (p <= bytes.Length - Vector128<byte>.Count)
        {
            var chunk = Vector128.LoadUnsafe(ref first, (nuint)p);
            // As signed bytes, control bytes and non-ASCII bytes are both below the space.
            var stops = Vector128.Equals(chunk, quote) | Vector128.Equals(chunk, backslash) | Vector128.LessThan(chunk.AsSByte(), space).AsByte();
            var mask = stops.ExtractMostSignificantBits();
            if (mask != 0)
            {
                return p + BitOperations.TrailingZeroCount(mask);
            }
            p += Vector128<byte>.Count;
        }
        for (; p < bytes.Length; p++)
        {
            var b = bytes[p];
            if (b == '"' || b == '\\' || (sbyte)b < ' ')
            {
                return p;
            }
        }
        return -1;
    }

    /// <summary>Consumes <paramref name="literal"/> when the bytes at <see cref="Position"/> (no whitespace skipped)
    /// are exactly it: the cheap first try for a member name a writer puts in a known place. An empty literal never
    /// matches.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TrySkipLiteral(ReadOnlySpan<byte> literal)
    {
        if (literal.IsEmpty || !_bytes[Position..].StartsWith(literal))
        {
            return false;
        }
        Position += literal.Length;
        return true;
    }

    private readonly bool TrySkipEscape(ref int p)
    {
        // p is on the backslash.
        if (p + 1 >= _bytes.Length)
        {
            return false;
        }
        switch (_bytes[p + 1])
        {
            case (byte)'"' or (byte)'\\' or (byte)'/' or (byte)'b' or (byte)'f' or (byte)'n' or (byte)'r' or (byte)'t':
                p += 2;
                return true;
            case (byte)'u':
                if (p + 6 > _bytes.Length)
                {
                    return false;
                }
                for (var i = p + 2; i < p + 6; i++)
                {
                    if (!char.IsAsciiHexDigit((char)_bytes[i]))
                    {
                        return false;
                    }
                }
                p += 6;
                return true;
            default:
                return false;
        }
    }

    private int PeekAfterWhitespace()
    {
        var p = Position;
        while (p < _bytes.Length)
        {
            var b = _bytes[p];
            if (b is not ((byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t'))
            {
                Position = p;
                // A control byte outside a string is not whitespace JSON allows: let the caller see it and stop.
                return b;
            }
            p++;
        }
        Position = p;
        return -1;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsDigit(byte b) => (uint)(b - '0') <= 9;

    private static int SkipDigits(ReadOnlySpan<byte> bytes, int p)
    {
        while (p < bytes.Length && IsDigit(bytes[p]))
        {
            p++;
        }
        return p;
    }

    private static bool IsDelimiter(byte b) => b is (byte)',' or (byte)'}' or (byte)']' or (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t';
}
