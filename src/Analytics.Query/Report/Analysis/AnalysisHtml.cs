using System.Globalization;
using System.Net;
using System.Text;

namespace Analytics.Query.Report;

/// <summary>The analyses in the HTML report: latency lines under Regressions, then Retry advice and Trends (inline SVG
/// sparklines: no script, no external resource, every text HTML-escaped).</summary>
internal static class AnalysisHtml
{
    public static void Regressions(StringBuilder html, ReportAnalysis analysis)
    {
        var flagged = analysis.FlaggedLatency.ToList();
        if (flagged.Count > 0)
        {
            html.Append("<ul>");
            foreach (var latency in flagged)
            {
                html.Append("<li class=\"flag\">latency: ").Append(E(AnalysisText.LatencyLine(latency))).Append("</li>");
            }
            html.Append("</ul>\n");
        }
        html.Append("<p class=\"rule\">").Append(E("Latency rule: " + AnalysisText.LatencyRule)).Append("</p>\n");
    }

    public static void Sections(StringBuilder html, ReportAnalysis analysis, IsoWeek week)
    {
        html.Append("<h2>Retry advice</h2>\n<p>").Append(E(AnalysisText.RetryIntro)).Append("</p>\n");
        if (analysis.RetryAdvice.Count == 0)
        {
            html.Append("<p class=\"ok\">").Append(E(AnalysisText.RetryNone)).Append("</p>\n");
        }
        else
        {
            Table(html, AnalysisText.RetryHeader, AnalysisText.RetryRows(analysis).Select(r => r.Select(E).ToArray()));
        }

        html.Append("<h2>").Append(E($"Trends: the last {ReportAnalysis.TrendWindowWeeks} weeks")).Append("</h2>\n");
        if (analysis.TrendWeeks < ReportAnalysis.MinimumTrendWeeks)
        {
            html.Append("<p>").Append(E(AnalysisText.TrendsMissing(analysis, week))).Append("</p>\n");
            return;
        }
        html.Append("<p>").Append(E(AnalysisText.TrendsIntro)).Append("</p>\n");
        Table(html, ["State machine", "Failure rate", "p95 execution duration"], analysis.Trends.Select(t => new[]
        {
            E(t.StateMachine),
            Sparkline(t, "failure rate", t.Points.Select(p => p?.FailureRate).ToList(), v => ReportText.Percent(v)),
            Sparkline(t, "p95 execution duration", t.Points.Select(p => p?.P95Ms is { } ms ? (double?)ms : null).ToList(), v => ReportText.Millis((long)v)),
        }));
    }

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

    /// <summary>Cells arrive as HTML (escaped text or our SVG).</summary>
    private static void Table(StringBuilder html, string[] header, IEnumerable<string[]> rows)
    {
        html.Append("<table><thead><tr>");
        foreach (var h in header)
        {
            html.Append("<th>").Append(E(h)).Append("</th>");
        }
        html.Append("</tr></thead><tbody>\n");
        foreach (var row in rows)
        {
            html.Append("<tr>");
            foreach (var cell in row)
            {
                html.Append("<td>").Append(cell).Append("</td>");
            }
            html.Append("</tr>\n");
        }
        html.Append("</tbody></table>\n");
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
