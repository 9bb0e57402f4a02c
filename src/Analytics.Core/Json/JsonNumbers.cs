using System.Runtime.CompilerServices;

namespace Analytics.Core.Json;

/// <summary>Integer tokens read straight from their digits (ids, counts): the common case without Utf8Parser.</summary>
internal static class JsonNumbers
{
    /// <summary>A plain non-negative integer of at most 18 digits; false for signs, fractions, exponents.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryParseNonNegative(ReadOnlySpan<byte> digits, out long value)
    {
        value = 0;
        if (digits.IsEmpty || digits.Length > 18)
        {
            return false;
        }
        foreach (var b in digits)
        {
            var digit = (uint)(b - '0');
            if (digit > 9)
            {
                return false;
            }
            value = (value * 10) + digit;
        }
        return true;
    }
}
