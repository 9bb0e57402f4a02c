using System.Globalization;

namespace Analytics.Query;

/// <summary>
/// How a number looks wherever a person reads it (the report's Markdown and HTML, `query --format table`): durations
/// in the largest sensible unit (`850 ms`, `4.2 s`, `3 min 10 s`, `2 h 5 min`, `49 h`), rates as percentages, counts
/// with thousands separators. CSV and JSON keep the raw values; this is the one place that decides the spelling.
/// </summary>
public static class Readable
{
    private static readonly CultureInfo s_invariant = CultureInfo.InvariantCulture;

    /// <summary>A duration in milliseconds. Each unit is rounded first and the result placed by its rounded value,
    /// so 59,600 ms reads `1 min`, never `60 s`.</summary>
    public static string Duration(long milliseconds)
    {
        if (milliseconds < 0)
        {
            return "-" + Duration(milliseconds == long.MinValue ? long.MaxValue : -milliseconds);
        }
        if (milliseconds < 1_000)
        {
            return milliseconds.ToString(s_invariant) + " ms";
        }
        if (milliseconds < 9_950)
        {
            return (milliseconds / 1000.0).ToString("0.0", s_invariant) + " s";
        }
        var seconds = Round(milliseconds, 1_000);
        if (seconds < 60)
        {
            return seconds.ToString(s_invariant) + " s";
        }
        if (seconds < 3_600)
        {
            return Two(seconds / 60, "min", seconds % 60, "s");
        }
        var minutes = Round(milliseconds, 60_000);
        if (minutes < 600)
        {
            return Two(minutes / 60, "h", minutes % 60, "min");
        }
        return Count(Round(milliseconds, 3_600_000)) + " h";
    }

    /// <summary>A fraction (0.1234) as a percentage (`12.34%`); `–` when there is none.</summary>
    public static string Percent(double? fraction) =>
        fraction is { } v ? (v * 100).ToString("0.00", s_invariant) + "%" : "–";

    public static string Count(long value) => value.ToString("N0", s_invariant);

    /// <summary>
    /// A result value by its column's name: `*_ms` integers are durations, `*rate` / `*share` fractions are
    /// percentages, other integers are counts; null is `–`. Anything else is null here (the caller keeps its own
    /// spelling of text, times and nested values).
    /// </summary>
    public static string? Cell(string column, object? value)
    {
        ArgumentNullException.ThrowIfNull(column);
        var isDuration = column.EndsWith("_ms", StringComparison.OrdinalIgnoreCase);
        var isRate = column.EndsWith("rate", StringComparison.OrdinalIgnoreCase) || column.EndsWith("share", StringComparison.OrdinalIgnoreCase);
        return value switch
        {
            null => "–",
            double d when isRate => Percent(d),
            float f when isRate => Percent(f),
            double d when isDuration && Math.Abs(d) < long.MaxValue => Duration((long)Math.Round(d, MidpointRounding.AwayFromZero)),
            sbyte or byte or short or ushort or int or uint or long => isDuration
                ? Duration(Convert.ToInt64(value, s_invariant))
                : Convert.ToInt64(value, s_invariant).ToString("N0", s_invariant),
            ulong or Int128 or UInt128 => string.Format(s_invariant, "{0:N0}", value),
            _ => null,
        };
    }

    /// <summary>A column name for people: `failure_rate` → `Failure rate`, `p95_ms` → `p95`, `state_machine` → `State machine`.</summary>
    public static string Header(string column)
    {
        ArgumentNullException.ThrowIfNull(column);
        var name = column.EndsWith("_ms", StringComparison.Ordinal) ? column[..^3] : column;
        name = name.Replace('_', ' ').Trim();
        if (name.Length == 0)
        {
            return column;
        }
        // A leading percentile name (p50, p95 duration) stays lower case, as everywhere in the report.
        var firstWord = name.Split(' ')[0];
        return firstWord.Length is >= 2 and <= 4 && firstWord[0] == 'p' && firstWord.Skip(1).All(char.IsAsciiDigit)
            ? name
            : char.ToUpperInvariant(name[0]) + name[1..];
    }

    private static long Round(long milliseconds, long unit) => (milliseconds / unit) + ((milliseconds % unit) * 2 >= unit ? 1 : 0);

    private static string Two(long major, string majorUnit, long minor, string minorUnit) =>
        minor == 0
            ? string.Create(s_invariant, $"{major} {majorUnit}")
            : string.Create(s_invariant, $"{major} {majorUnit} {minor} {minorUnit}");
}
