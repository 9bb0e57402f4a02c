using System.Globalization;
using System.Net;
using System.Text;

namespace Analytics.Query.Report;

/// <summary>The trends' inline SVG sparklines (no script, no external resource, every text HTML-escaped).</summary>
internal static class Sparklines
{
    /// <summary>A 120×28 line over the weeks (broken at empty weeks), a dot per week, this week's dot larger; its
    /// title lists every week's value, and the last value is printed beside it. The scale starts at zero, so week-to-week
    /// noise of a steady series stays small.</summary>
    internal static string Sparkline(TrendSeries series, string what, IReadOnlyList<double?> values, Func<double, string> format)
    {
        const double Width = 120, Height = 28, Pad = 3;
        var present = values.Where(v => v is not null).Select(v => v!.Value).ToList();
        if (present.Count == 0)
        {
            return "–";
        }
        var max = present.Max();
        double X(int i) => Pad + (i * (Width - (2 * Pad)) / Math.Max(1, values.Count - 1));
        double Y(double v) => max <= 0 ? Height - Pad : Height - Pad - (v / max * (Height - (2 * Pad)));
        var title = string.Join(", ", values.Select((v, i) => (v, i)).Where(x => x.v is not null)
            .Select(x => $"{series.Points[x.i]!.WeekStart:yyyy-MM-dd} {format(x.v!.Value)}"));
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" class=\"spark\">");
        svg.Append("<title>").Append(E($"{series.StateMachine} {what} by week: {title}")).Append("</title>");
        var run = new List<string>();
        void Flush()
        {
            if (run.Count > 1)
            {
                svg.Append("<polyline fill=\"none\" stroke=\"#2563eb\" stroke-width=\"1.5\" points=\"").Append(string.Join(' ', run)).Append("\"/>");
            }
            run.Clear();
        }
        for (var i = 0; i < values.Count; i++)
        {
            if (values[i] is { } v)
            {
                run.Add(string.Create(CultureInfo.InvariantCulture, $"{X(i):0.#},{Y(v):0.#}"));
            }
            else
            {
                Flush();
            }
        }
        Flush();
        for (var i = 0; i < values.Count; i++)
        {
            if (values[i] is { } v)
            {
                var last = i == values.Count - 1;
                svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{X(i):0.#}\" cy=\"{Y(v):0.#}\" r=\"{(last ? 2.5 : 1.5)}\" fill=\"{(last ? "#b91c1c" : "#2563eb")}\"/>");
            }
        }
        svg.Append("</svg> ").Append(E(values[^1] is { } now ? format(now) : "–"));
        return svg.ToString();
    }

    /// <summary>Every state machine's two sparklines in one SVG (a row each: name, failure rate, p95), so the report's
    /// writers place it like any other chart; the table beside it carries the same figures as text.</summary>
    public static string Grid(IReadOnlyList<TrendSeries> trends)
    {
        const int Row = 34, Name = 260, Column = 230;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture,
            $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Name + (2 * Column)}\" height=\"{(trends.Count + 1) * Row}\" role=\"img\" class=\"trends\" font-size=\"12\">");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Name}\" y=\"20\">Failure rate</text><text x=\"{Name + Column}\" y=\"20\">p95 execution duration</text>");
        for (var i = 0; i < trends.Count; i++)
        {
            var t = trends[i];
            var y = (i + 1) * Row;
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"0\" y=\"{y + 18}\">").Append(E(t.StateMachine)).Append("</text>");
            Cell(svg, Name, y, Sparkline(t, "failure rate", t.Points.Select(p => p?.FailureRate).ToList(), v => ReportText.Percent(v)));
            Cell(svg, Name + Column, y, Sparkline(t, "p95 execution duration", t.Points.Select(p => p?.P95Ms is { } ms ? (double?)ms : null).ToList(),
                v => ReportText.Duration((long)v)));
        }
        return svg.Append("</svg>").ToString();
    }

    /// <summary>A sparkline ("&lt;svg…&gt;&lt;/svg&gt; value") placed at (x, y), its value as SVG text to its right.</summary>
    private static void Cell(StringBuilder svg, int x, int y, string sparkline)
    {
        var end = sparkline.LastIndexOf("</svg>", StringComparison.Ordinal);
        if (end < 0)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x}\" y=\"{y + 18}\">–</text>");
            return;
        }
        var inner = sparkline[..(end + "</svg>".Length)];
        var value = sparkline[(end + "</svg>".Length)..].Trim();
        svg.Append(CultureInfo.InvariantCulture, $"<g transform=\"translate({x},{y})\">").Append(inner).Append("</g>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x + 126}\" y=\"{y + 18}\">").Append(value).Append("</text>");
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
