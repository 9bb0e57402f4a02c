using Analytics.Query.Report;

namespace Analytics.Query.Tests;

public sealed class SparklineTests
{
    [Fact]
    public void Text_sparklines_start_at_zero_and_keep_empty_weeks_in_place()
    {
        // A week without executions keeps its slot (·), so the last character is always this week.
        Assert.Equal("·▁▅█·█ 0.00% → 4.00%", AnalysisText.TextSparkline([null, 0, 0.02, 0.04, null, 0.04], v => ReportText.Percent(v)));
        // An all-zero series sits at the bottom rather than looking like a middling value.
        Assert.Equal("▁▁▁ 0.00% → 0.00%", AnalysisText.TextSparkline([0, 0, 0], v => ReportText.Percent(v)));
        Assert.Equal("–", AnalysisText.TextSparkline([null, null], v => ReportText.Percent(v)));
    }

    [Fact]
    public void Svg_sparklines_break_the_line_at_empty_weeks_and_escape_names()
    {
        var points = new TrendPoint?[] { new(new DateOnly(2026, 11, 2), 10, 1, 0.1, 100), null, new(new DateOnly(2026, 11, 16), 10, 2, 0.2, 200) };
        var series = new TrendSeries("<b>&x", points);
        var svg = Sparklines.Sparkline(series, "failure rate", points.Select(p => p?.FailureRate).ToList(), v => ReportText.Percent(v));
        Assert.DoesNotContain("<polyline", svg, StringComparison.Ordinal); // two single points: no segment crosses the gap
        Assert.Equal(2, svg.Split("<circle").Length - 1);
        Assert.Contains("&lt;b&gt;&amp;x failure rate by week: 2026-11-02 10.00%, 2026-11-16 20.00%", svg, StringComparison.Ordinal);
    }
}
