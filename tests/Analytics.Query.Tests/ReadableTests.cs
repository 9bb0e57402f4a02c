namespace Analytics.Query.Tests;

/// <summary>The one formatter for what people read: each unit's boundaries, rounding into the next unit, raw cells.</summary>
public sealed class ReadableTests
{
    [Theory]
    [InlineData(0, "0 ms")]
    [InlineData(850, "850 ms")]
    [InlineData(999, "999 ms")]
    [InlineData(1_000, "1.0 s")]
    [InlineData(4_200, "4.2 s")]
    [InlineData(9_949, "9.9 s")]
    [InlineData(9_950, "10 s")]
    [InlineData(59_499, "59 s")]
    [InlineData(59_500, "1 min")]
    [InlineData(190_000, "3 min 10 s")]
    [InlineData(3_599_499, "59 min 59 s")]
    [InlineData(3_599_500, "1 h")]
    [InlineData(7_500_000, "2 h 5 min")]
    [InlineData(35_969_999, "9 h 59 min")]
    [InlineData(35_970_000, "10 h")]
    [InlineData(176_351_313, "49 h")]
    [InlineData(3_600_000_000, "1,000 h")]
    [InlineData(-4_200, "-4.2 s")]
    public void Durations_take_the_largest_sensible_unit(long milliseconds, string expected) =>
        Assert.Equal(expected, Readable.Duration(milliseconds));

    [Fact]
    public void Rates_are_percentages_and_counts_are_grouped()
    {
        Assert.Equal("12.34%", Readable.Percent(0.1234));
        Assert.Equal("0.00%", Readable.Percent(0));
        Assert.Equal("100.00%", Readable.Percent(1));
        Assert.Equal("–", Readable.Percent(null));
        Assert.Equal("1,234,567", Readable.Count(1_234_567));
        Assert.Equal("999", Readable.Count(999));
    }

    [Fact]
    public void Cells_follow_the_column_name_and_leave_other_values_to_the_caller()
    {
        Assert.Equal("49 h", Readable.Cell("p95_ms", 176_351_313L));
        Assert.Equal("850 ms", Readable.Cell("max_ms", 850));
        Assert.Equal("12.34%", Readable.Cell("failure_rate", 0.1234));
        Assert.Equal("50.00%", Readable.Cell("share", 0.5));
        Assert.Equal("12,345", Readable.Cell("executions", 12_345L));
        Assert.Equal("–", Readable.Cell("executions", null));
        Assert.Null(Readable.Cell("ratio", 2.5));
        Assert.Null(Readable.Cell("name", "orders"));
    }

    [Theory]
    [InlineData("failure_rate", "Failure rate")]
    [InlineData("p95_ms", "p95")]
    [InlineData("p50_duration_ms", "p50 duration")]
    [InlineData("point", "Point")]
    [InlineData("max_ms", "Max")]
    [InlineData("state_machine", "State machine")]
    [InlineData("x", "X")]
    public void Headers_are_for_people(string column, string expected) => Assert.Equal(expected, Readable.Header(column));
}
