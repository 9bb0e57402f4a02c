using System.Globalization;
using System.Net;
using System.Text;

namespace Analytics.Query.Report;

/// <summary>Inline SVG bar charts for the HTML report: no script, no external resource, every label HTML-escaped.</summary>
internal static class SvgCharts
{
    private const int LabelWidth = 260;
    private const int BarArea = 420;
    private const string ThisWeek = "#2563eb";
    private const string LastWeek = "#9ca3af";

    /// <summary>Horizontal bars: per state machine, this week's failure rate above last week's.</summary>
    public static string FailureRates(IReadOnlyList<MachineFailureRate> rates)
    {
        var max = Math.Max(0.01, rates.Max(r => Math.Max(r.Current.Value ?? 0, r.Previous.Value ?? 0)));
        var rowHeight = 34;
        var svg = Start(LabelWidth + BarArea + 90, (rates.Count * rowHeight) + 30, "Failure rate per state machine, this week and last week");
        for (var i = 0; i < rates.Count; i++)
        {
            var y = 10 + (i * rowHeight);
            var rate = rates[i];
            Text(svg, 0, y + 16, rate.StateMachine + (rate.Regressed ? " ⚠" : string.Empty), rate.Regressed ? "#b91c1c" : "#111827");
            Bar(svg, LabelWidth, y, (rate.Current.Value ?? 0) / max * BarArea, 13, ThisWeek, ReportText.Percent(rate.Current.Value));
            Bar(svg, LabelWidth, y + 15, (rate.Previous.Value ?? 0) / max * BarArea, 13, LastWeek, ReportText.Percent(rate.Previous.Value));
        }
        Legend(svg, 10 + (rates.Count * rowHeight), ("this week", ThisWeek), ("last week", LastWeek));
        return svg.Append("</svg>").ToString();
    }

    /// <summary>A small histogram: share of visits by attempts.</summary>
    public static string AttemptHistogram(RetryDistribution distribution)
    {
        const int Width = 260, Height = 120, Base = 95;
        var buckets = distribution.Buckets;
        var barWidth = Math.Min(40, (Width - 20) / Math.Max(1, buckets.Count) - 6);
        var svg = Start(Width, Height, $"Attempts of {distribution.Scope} / {distribution.Name}");
        for (var i = 0; i < buckets.Count; i++)
        {
            var x = 10 + (i * (barWidth + 6));
            var h = buckets[i].Share * 75;
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x}\" y=\"{Base - h:0.##}\" width=\"{barWidth}\" height=\"{h:0.##}\" fill=\"{ThisWeek}\"><title>{Escape(ReportText.Percent(buckets[i].Share))}</title></rect>");
            Text(svg, x, Base + 14, buckets[i].Attempts.ToString(CultureInfo.InvariantCulture), "#111827");
            Text(svg, x, Base - h - 3, ReportText.Percent(buckets[i].Share), "#374151", 9);
        }
        return svg.Append("</svg>").ToString();
    }

    /// <summary>Per state machine (execution level): p50, p95 and p99 bars on a logarithmic scale, so a 2 s workflow
    /// and a 49 h one both show (on a linear scale most bars were slivers); gridlines mark 1 s, 1 min, 1 h and 1 day.</summary>
    public static string LatencyBars(IReadOnlyList<LatencyRow> rows)
    {
        (string Label, string Color, Func<Percentiles, long> Pick)[] series =
            [("p50", "#93c5fd", p => p.P50), ("p95", "#2563eb", p => p.P95), ("p99", "#1e3a8a", p => p.P99)];
        var top = Math.Log10(Math.Max(10, rows.Max(r => r.Current.P99)));
        double Scale(long ms) => Math.Log10(Math.Max(1, ms)) / top * BarArea;
        var rowHeight = 46;
        var height = (rows.Count * rowHeight) + 10;
        var svg = Start(LabelWidth + BarArea + 110, height + 36, "Execution latency percentiles per state machine (logarithmic scale)");
        foreach (var (ms, label) in new[] { (1_000L, "1 s"), (60_000L, "1 min"), (3_600_000L, "1 h"), (86_400_000L, "1 day") })
        {
            if (Math.Log10(ms) <= top)
            {
                var x = LabelWidth + Scale(ms);
                svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{x:0.##}\" y1=\"4\" x2=\"{x:0.##}\" y2=\"{height}\" stroke=\"#e5e7eb\"/>");
                Text(svg, (int)x + 2, height + 10, label, "#6b7280", 9);
            }
        }
        for (var i = 0; i < rows.Count; i++)
        {
            var y = 10 + (i * rowHeight);
            Text(svg, 0, y + 22, rows[i].Subject, "#111827");
            for (var s = 0; s < series.Length; s++)
            {
                var value = series[s].Pick(rows[i].Current);
                Bar(svg, LabelWidth, y + (s * 13), Scale(value), 11, series[s].Color, $"{series[s].Label} {ReportText.Duration(value)}");
            }
        }
        Legend(svg, height + 14, series.Select(s => (s.Label, s.Color)).ToArray());
        return svg.Append("</svg>").ToString();
    }

    private static StringBuilder Start(int width, int height, string title) => new StringBuilder()
        .Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\">")
        .Append("<title>").Append(Escape(title)).Append("</title>");

    private static void Bar(StringBuilder svg, int x, int y, double width, int height, string color, string label)
    {
        svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x}\" y=\"{y}\" width=\"{Math.Max(1, width):0.##}\" height=\"{height}\" fill=\"{color}\"><title>{Escape(label)}</title></rect>");
        Text(svg, x + (int)Math.Max(1, width) + 4, y + height - 2, label, "#374151", 10);
    }

    private static void Legend(StringBuilder svg, int y, params (string Label, string Color)[] entries)
    {
        var x = LabelWidth;
        foreach (var (label, color) in entries)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x}\" y=\"{y + 6}\" width=\"10\" height=\"10\" fill=\"{color}\"/>");
            Text(svg, x + 14, y + 15, label, "#374151", 10);
            x += 90;
        }
    }

    private static void Text(StringBuilder svg, int x, double y, string text, string color, int size = 12) =>
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x}\" y=\"{y:0.##}\" font-size=\"{size}\" fill=\"{color}\">{Escape(text)}</text>");

    private static string Escape(string text) => WebUtility.HtmlEncode(text);
}
