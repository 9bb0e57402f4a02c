using System.Text;
using Analytics.Core.Json;

namespace Analytics.Core.Tests.Json;

public class TimestampsTests
{
    [Theory]
    [InlineData("1525283875.58", 1525283875580000L)]
    [InlineData("1525283875.612", 1525283875612000L)]
    [InlineData("1.574287263898E9", 1574287263898000L)]
    [InlineData("1.574287263898e+9", 1574287263898000L)]
    [InlineData("1748779560", 1748779560000000L)]
    [InlineData("1748779560.0426", 1748779560043000L)]
    public void Epoch_seconds_numbers_parse_to_milliseconds(string number, long micros)
    {
        Assert.True(Timestamps.TryParseEpochSeconds(Encoding.UTF8.GetBytes(number), out var parsed));
        Assert.Equal(micros, parsed);
    }

    [Theory]
    [InlineData("2026-01-25T18:03:35.969000+00:00", "2026-01-25T18:03:35.969Z")]
    [InlineData("2026-01-25T18:03:36+00:00", "2026-01-25T18:03:36.000Z")]
    [InlineData("2026-08-29T17:35:34.634000-03:00", "2026-08-29T20:35:34.634Z")]
    [InlineData("2025-12-03T22:57:22.513Z", "2025-12-03T22:57:22.513Z")]
    [InlineData("2025-12-04T07:57:22.5+09:00", "2025-12-03T22:57:22.500Z")]
    [InlineData("2025-12-03T22:57:22.5129Z", "2025-12-03T22:57:22.513Z")]
    [InlineData("2025-05-30T10:11:12.345+0000", "2025-05-30T10:11:12.345Z")]
    [InlineData("2025-05-30T10:11:12", "2025-05-30T10:11:12.000Z")]
    public void Iso_strings_with_offsets_and_any_fraction_parse_to_utc_milliseconds(string text, string utc)
    {
        Assert.True(Timestamps.TryParseIso(Encoding.UTF8.GetBytes(text), out var parsed));
        var expected = DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(expected.ToUnixTimeMilliseconds() * 1000, parsed);
    }

    [Theory]
    [InlineData("timestamp")]
    [InlineData("<timestamp>")]
    [InlineData("2025-13-01T00:00:00Z")]
    [InlineData("2025-02-29T00:00:00Z")]
    [InlineData("2025-01-01T24:00:00Z")]
    [InlineData("2025-01-01T00:00:00.Z")]
    [InlineData("2025-01-01T00:00:00+5")]
    [InlineData("2025-01-01")]
    [InlineData("")]
    public void Placeholders_and_impossible_dates_are_rejected(string text)
    {
        Assert.False(Timestamps.TryParseText(Encoding.UTF8.GetBytes(text), out _));
    }
}
