using System.Buffers.Text;
using System.Runtime.CompilerServices;

namespace Analytics.Core.Json;

/// <summary>
/// Parses the timestamp encodings histories arrive in, to microseconds since the Unix epoch (UTC), rounded to the
/// millisecond: the wire format (epoch seconds as a JSON number, with a fraction or in exponent form such as
/// <c>1.574287263898E9</c>) and ISO-8601 strings as the AWS CLI and consoles print them (offsets <c>Z</c>,
/// <c>+09:00</c>, <c>-0300</c>; any number of fraction digits, or none).
/// </summary>
internal static class Timestamps
{
    private const long MicrosPerSecond = 1_000_000;
    private const long MicrosPerMilli = 1_000;

    /// <summary>Epoch seconds in a JSON number's bytes.</summary>
    public static bool TryParseEpochSeconds(ReadOnlySpan<byte> number, out long micros) =>
        TryParsePlainSeconds(number, out micros) || TryParseSecondsAsDouble(number, out micros);

    /// <summary>The common form, <c>1763596800.123</c>, read digit by digit: exact, and no floating point.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryParsePlainSeconds(ReadOnlySpan<byte> number, out long micros) =>
        TryParsePlainSecondsPrefix(number, out micros, out var consumed) && consumed == number.Length;

    /// <summary>
    /// The common form at the start of <paramref name="bytes"/>: up to 11 digits, optionally a dot and at least one
    /// more digit; <paramref name="consumed"/> says where it ends (the caller checks what follows).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryParsePlainSecondsPrefix(ReadOnlySpan<byte> bytes, out long micros, out int consumed)
    {
        micros = 0;
        consumed = 0;
        long seconds = 0;
        var i = 0;
        for (; i < bytes.Length && i < 12; i++)
        {
            var digit = (uint)(bytes[i] - '0');
            if (digit > 9)
            {
                break;
            }
            seconds = (seconds * 10) + digit;
        }
        if (i == 0 || i == 12)
        {
            return false;
        }
        long fraction = 0;
        if (i < bytes.Length && bytes[i] == '.')
        {
            var first = ++i;
            long scale = 100_000;
            for (; i < bytes.Length; i++)
            {
                var digit = (uint)(bytes[i] - '0');
                if (digit > 9)
                {
                    break;
                }
                fraction += digit * scale;
                scale /= 10;
            }
            if (i == first)
            {
                return false;
            }
        }
        micros = (seconds * MicrosPerSecond) + RoundToMilli(fraction);
        consumed = i;
        return true;
    }

    private static bool TryParseSecondsAsDouble(ReadOnlySpan<byte> number, out long micros)
    {
        micros = 0;
        if (!Utf8Parser.TryParse(number, out double seconds, out var consumed, 'G') || consumed != number.Length
            || !double.IsFinite(seconds) || Math.Abs(seconds) > 253_402_300_800d)
        {
            return false;
        }
        micros = (long)Math.Round(seconds * 1000d, MidpointRounding.AwayFromZero) * MicrosPerMilli;
        return true;
    }

    /// <summary>An ISO-8601 date-time with a mandatory time and an optional offset (none means UTC).</summary>
    public static bool TryParseIso(ReadOnlySpan<byte> text, out long micros)
    {
        micros = 0;
        // yyyy-MM-ddTHH:mm:ss is 19 bytes; the date/time separator may also be a space.
        if (text.Length < 19 || text[4] != '-' || text[7] != '-' || (text[10] != 'T' && text[10] != 't' && text[10] != ' ')
            || text[13] != ':' || text[16] != ':')
        {
            return false;
        }
        if (!Digits(text, 0, 4, out var year) || !Digits(text, 5, 2, out var month) || !Digits(text, 8, 2, out var day)
            || !Digits(text, 11, 2, out var hour) || !Digits(text, 14, 2, out var minute) || !Digits(text, 17, 2, out var second))
        {
            return false;
        }
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23
            || minute > 59 || second > 59)
        {
            return false;
        }
        var position = 19;
        long fractionMicros = 0;
        if (position < text.Length && (text[position] == '.' || text[position] == ','))
        {
            position++;
            var start = position;
            long scale = 100_000;
            while (position < text.Length && IsDigit(text[position]))
            {
                fractionMicros += (text[position] - '0') * scale;
                scale /= 10;
                position++;
            }
            if (position == start)
            {
                return false;
            }
        }
        long offsetSeconds = 0;
        if (position < text.Length)
        {
            var sign = text[position];
            if (sign is (byte)'Z' or (byte)'z')
            {
                position++;
            }
            else if (sign is (byte)'+' or (byte)'-')
            {
                position++;
                if (!Digits(text, position, 2, out var offsetHours))
                {
                    return false;
                }
                position += 2;
                if (position < text.Length && text[position] == ':')
                {
                    position++;
                }
                var offsetMinutes = 0;
                if (position < text.Length && !Digits(text, position, 2, out offsetMinutes))
                {
                    return false;
                }
                if (position < text.Length)
                {
                    position += 2;
                }
                if (offsetHours > 23 || offsetMinutes > 59)
                {
                    return false;
                }
                offsetSeconds = ((offsetHours * 60) + offsetMinutes) * 60 * (sign == '-' ? -1 : 1);
            }
        }
        if (position != text.Length)
        {
            return false;
        }
        var days = new DateOnly(year, month, day).DayNumber - DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber;
        var seconds = (days * 86_400L) + (hour * 3600L) + (minute * 60L) + second - offsetSeconds;
        micros = (seconds * MicrosPerSecond) + RoundToMilli(fractionMicros);
        return true;
    }

    /// <summary>Either encoding's text: ISO, or a number written as a string (the SDKs accept both).</summary>
    public static bool TryParseText(ReadOnlySpan<byte> text, out long micros) =>
        TryParseIso(text, out micros) || TryParseEpochSeconds(text, out micros);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static long RoundToMilli(long micros) => (micros + 500) / MicrosPerMilli * MicrosPerMilli;

    private static bool IsDigit(byte b) => (uint)(b - '0') <= 9;

    private static bool Digits(ReadOnlySpan<byte> text, int start, int count, out int value)
    {
        value = 0;
        if (start + count > text.Length)
        {
            return false;
        }
        for (var i = start; i < start + count; i++)
        {
            if (!IsDigit(text[i]))
            {
                return false;
            }
            value = (value * 10) + (text[i] - '0');
        }
        return true;
    }
}
