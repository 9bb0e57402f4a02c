using System.Globalization;
using System.Text;

namespace Analytics.DuckDb;

/// <summary>Dates and times spelled as DuckDB prints them, for any value DuckDB can hold (not just .NET's range).</summary>
internal static class ValueText
{
    public const long MicrosPerDay = 86_400_000_000;

    /// <summary>DATE, TIMESTAMP and TIMESTAMPTZ use these for ±infinity.</summary>
    public const int DateInfinity = int.MaxValue;
    public const long TimestampInfinity = long.MaxValue;

    public static bool IsInfinite(long timestamp) => timestamp is long.MaxValue or -long.MaxValue;

    public static string Date(int days) => days switch
    {
        DateInfinity => "infinity",
        -DateInfinity => "-infinity",
        _ => DateOf(days),
    };

    /// <summary>Microseconds (or nanoseconds with <paramref name="nanos"/>) since the epoch as "yyyy-MM-dd HH:mm:ss[.f]".</summary>
    public static string Timestamp(long value, bool nanos = false)
    {
        if (value == TimestampInfinity)
        {
            return "infinity";
        }
        if (value == -TimestampInfinity)
        {
            return "-infinity";
        }
        var perDay = nanos ? MicrosPerDay * 1000 : MicrosPerDay;
        var days = Math.DivRem(value, perDay, out var rest);
        if (rest < 0)
        {
            days--;
            rest += perDay;
        }
        // DuckDB keeps the era marker with the date: "0044-03-15 (BC) 12:00:00".
        return $"{DateOf(days)} {(nanos ? TimeOfDayNanos((ulong)rest) : TimeOfDay((ulong)rest))}";
    }

    /// <summary>"HH:mm:ss" plus a fraction without trailing zeros.</summary>
    public static string TimeOfDay(ulong micros)
    {
        var text = new StringBuilder(15);
        var seconds = micros / 1_000_000;
        text.Append(CultureInfo.InvariantCulture, $"{seconds / 3600:00}:{seconds / 60 % 60:00}:{seconds % 60:00}");
        var fraction = micros % 1_000_000;
        if (fraction != 0)
        {
            text.Append('.').Append(fraction.ToString("000000", CultureInfo.InvariantCulture).TrimEnd('0'));
        }
        return text.ToString();
    }

    public static string TimeOfDayNanos(ulong nanos)
    {
        var text = TimeOfDay(nanos / 1000 * 1000 / 1000);
        var subMicro = nanos % 1000;
        if (subMicro == 0)
        {
            return text;
        }
        var fraction = (nanos % 1_000_000_000).ToString("000000000", CultureInfo.InvariantCulture).TrimEnd('0');
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        return (dot < 0 ? text : text[..dot]) + "." + fraction;
    }

    /// <summary>TIME WITH TIME ZONE: 40 bits of microseconds, then 24 bits of (16h - 1s - offset seconds).</summary>
    public static string TimeTz(ulong bits)
    {
        const int MaxOffset = (16 * 60 * 60) - 1;
        var micros = bits >> 24;
        var offset = MaxOffset - (int)(bits & 0xFFFFFF);
        var sign = offset < 0 ? '-' : '+';
        offset = Math.Abs(offset);
        var text = $"{TimeOfDay(micros)}{sign}{offset / 3600:00}";
        if (offset % 3600 != 0)
        {
            text += $":{offset / 60 % 60:00}";
            if (offset % 60 != 0)
            {
                text += $":{offset % 60:00}";
            }
        }
        return text;
    }

    /// <summary>Proleptic Gregorian date of a day count since 1970-01-01 (Hinnant's civil_from_days).</summary>
    private static string DateOf(long days)
    {
        days += 719_468;
        var era = (days >= 0 ? days : days - 146_096) / 146_097;
        var dayOfEra = days - (era * 146_097);
        var yearOfEra = (dayOfEra - (dayOfEra / 1460) + (dayOfEra / 36_524) - (dayOfEra / 146_096)) / 365;
        var dayOfYear = dayOfEra - ((365 * yearOfEra) + (yearOfEra / 4) - (yearOfEra / 100));
        var monthIndex = ((5 * dayOfYear) + 2) / 153;
        var day = dayOfYear - (((153 * monthIndex) + 2) / 5) + 1;
        var month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9;
        var year = yearOfEra + (era * 400) + (month <= 2 ? 1 : 0);
        return year > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{year:0000}-{month:00}-{day:00}")
            : string.Create(CultureInfo.InvariantCulture, $"{1 - year:0000}-{month:00}-{day:00} (BC)");
    }
}
