using System.ComponentModel.DataAnnotations;
using Analytics.Export.Scheduling;

namespace Analytics.Export.Tests.Scheduling;

public sealed class CronScheduleTests
{
    private static DateTimeOffset Utc(int y, int mo, int d, int h, int mi) => new(y, mo, d, h, mi, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("0 2 * * *", "2026-11-21T08:17:00Z", "2026-11-22T02:00:00Z")]
    [InlineData("0 2 * * *", "2026-11-21T01:59:59Z", "2026-11-21T02:00:00Z")]
    [InlineData("0 2 * * *", "2026-11-21T02:00:00Z", "2026-11-22T02:00:00Z")]
    [InlineData("*/15 * * * *", "2026-11-21T08:17:00Z", "2026-11-21T08:30:00Z")]
    [InlineData("30 6 * * 1-5", "2026-11-21T08:17:00Z", "2026-11-23T06:30:00Z")]
    [InlineData("0 0 1 * *", "2026-12-15T00:00:00Z", "2027-01-01T00:00:00Z")]
    [InlineData("0 12 29 2 *", "2026-03-01T00:00:00Z", "2028-02-29T12:00:00Z")]
    [InlineData("0 3 * * 7", "2026-11-21T08:17:00Z", "2026-11-22T03:00:00Z")]
    public void Next_is_the_first_matching_minute_after_the_given_time_in_utc(string expression, string after, string expected)
    {
        var next = CronSchedule.Parse(expression).Next(DateTimeOffset.Parse(after, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), next);
    }

    [Fact]
    public void Day_of_month_and_day_of_week_both_restricted_match_either()
    {
        // The 13th, or any Friday.
        var schedule = CronSchedule.Parse("0 0 13 * 5");
        Assert.Equal(Utc(2026, 11, 27, 0, 0), schedule.Next(Utc(2026, 11, 21, 0, 0)));
        Assert.Equal(Utc(2026, 12, 4, 0, 0), schedule.Next(Utc(2026, 11, 27, 0, 0)));
        Assert.Equal(Utc(2026, 12, 11, 0, 0), schedule.Next(Utc(2026, 12, 4, 0, 0)));
        Assert.Equal(Utc(2026, 12, 13, 0, 0), schedule.Next(Utc(2026, 12, 11, 0, 0)));
    }

    [Theory]
    [InlineData("0 2 * *")]
    [InlineData("60 2 * * *")]
    [InlineData("0 24 * * *")]
    [InlineData("0 2 0 * *")]
    [InlineData("0 2 * 13 *")]
    [InlineData("5-1 * * * *")]
    [InlineData("a * * * *")]
    public void Bad_expressions_are_rejected_with_the_field_named(string expression)
    {
        var error = Assert.Throws<ValidationException>(() => CronSchedule.Parse(expression));
        Assert.Contains("--schedule", error.Message, StringComparison.Ordinal);
    }
}
