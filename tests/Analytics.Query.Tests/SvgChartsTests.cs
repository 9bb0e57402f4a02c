using System.Globalization;
using System.Text.RegularExpressions;
using Analytics.Query.Report;

namespace Analytics.Query.Tests;

public sealed partial class SvgChartsTests
{
    /// <summary>On a linear scale a 2 s workflow beside a 49 h one was a 1 px sliver; on the log scale it is a bar.</summary>
    [Fact]
    public void Latency_bars_use_a_log_scale_so_short_and_long_workflows_both_show()
    {
        LatencyRow Row(string name, long ms) => new("execution", name, null, null, new Percentiles(100, ms, ms, ms, ms, ms), null);

        var svg = SvgCharts.LatencyBars([Row("quick", 2_000), Row("slow", 176_351_313)]);

        var widths = BarWidths().Matches(svg).Select(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(6, widths.Count);
        Assert.InRange(widths[0] / widths[3], 0.35, 0.5); // log10(2,000) / log10(176,351,313) = 0.40
        Assert.Contains(">1 h</text>", svg, StringComparison.Ordinal);
        Assert.Contains("<title>p95 49 h</title>", svg, StringComparison.Ordinal);
    }

    [GeneratedRegex("<rect x=\"260\" y=\"\\d+\" width=\"([0-9.]+)\" height=\"11\"")]
    private static partial Regex BarWidths();
}
