using System.Globalization;

namespace Analytics.Query.Report;

/// <summary>Numbers spelled the same way in the Markdown and HTML reports.</summary>
internal static class ReportText
{
    public static string Percent(double? value) =>
        value is { } v ? (v * 100).ToString("0.00", CultureInfo.InvariantCulture) + "%" : "–";

    public static string Change(double? current, double? previous) =>
        current is { } c && previous is { } p ? ((c - p) * 100).ToString("+0.00;-0.00;0.00", CultureInfo.InvariantCulture) + " pp" : "–";

    public static string RelativeChange(long current, long? previous) =>
        previous is { } p && p > 0 ? ((current - p) * 100.0 / p).ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture) + "%" : "–";

    public static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string Millis(long value) => value.ToString("N0", CultureInfo.InvariantCulture) + " ms";

    /// <summary>Any result value: rates (columns ending in "rate") as percentages, numbers grouped, times in UTC.</summary>
    public static string Value(string column, object? value) => value switch
    {
        null => "–",
        double d when column.EndsWith("rate", StringComparison.Ordinal) => Percent(d),
        double d => d.ToString("0.###", CultureInfo.InvariantCulture),
        long or int or Int128 => Convert.ToString(value, CultureInfo.InvariantCulture) is { } text && long.TryParse(text, CultureInfo.InvariantCulture, out var n)
            ? n.ToString("N0", CultureInfo.InvariantCulture) : value.ToString() ?? string.Empty,
        DateTimeOffset t => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        bool b => b ? "yes" : "no",
        _ => value.ToString() ?? string.Empty,
    };

    public static string Distribution(RetryDistribution distribution) =>
        string.Join(" · ", distribution.Buckets.Select(b => $"{b.Attempts}: {Percent(b.Share)}"));

    public static string Period(IsoWeek week) =>
        string.Create(CultureInfo.InvariantCulture, $"{week.Start:yyyy-MM-dd} to {week.End.AddDays(-1):yyyy-MM-dd} (UTC)");
}
