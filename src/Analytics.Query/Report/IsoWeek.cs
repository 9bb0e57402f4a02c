using System.Globalization;
using System.Text.RegularExpressions;

namespace Analytics.Query.Report;

/// <summary>An ISO-8601 week such as 2026-W47: Monday 00:00 UTC to the next Monday 00:00 UTC.</summary>
public readonly partial record struct IsoWeek(int Year, int Week)
{
    public DateTimeOffset Start => new(ISOWeek.ToDateTime(Year, Week, DayOfWeek.Monday), TimeSpan.Zero);

    public DateTimeOffset End => Start.AddDays(7);

    public IsoWeek Previous
    {
        get
        {
            var monday = Start.AddDays(-7).UtcDateTime;
            return new IsoWeek(ISOWeek.GetYear(monday), ISOWeek.GetWeekOfYear(monday));
        }
    }

    /// <exception cref="FormatException">Not YYYY-Www, or a week the year does not have.</exception>
    public static IsoWeek Parse(string text)
    {
        var match = Pattern().Match(text?.Trim() ?? string.Empty);
        if (!match.Success)
        {
            throw new FormatException($"'{text}' is not an ISO week like 2026-W47.");
        }
        var year = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        var week = int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
        if (year < 2000 || year > 9998 || week < 1 || week > ISOWeek.GetWeeksInYear(year))
        {
            throw new FormatException($"{year} has no ISO week {week}.");
        }
        return new IsoWeek(year, week);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Year:0000}-W{Week:00}");

    [GeneratedRegex(@"^(\d{4})-W(\d{2})$")]
    private static partial Regex Pattern();
}
