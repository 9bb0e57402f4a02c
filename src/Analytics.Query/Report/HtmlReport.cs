using System.Net;
using System.Text;

namespace Analytics.Query.Report;

/// <summary>
/// The weekly report as one self-contained HTML file: inline CSS and SVG charts, no script, no external resource; a
/// Content-Security-Policy forbids fetching anything. Every value from the data is HTML-escaped.
/// </summary>
public static class HtmlReport
{
    public const string ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

    // Fits a 1280 px page: the body is capped, long cells (ARNs, error names) wrap anywhere, charts scale down.
    // Print: no margins or shadows, no row or chart split across pages.
    private const string Style = """
        body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,"DejaVu Sans",sans-serif;margin:2rem auto;max-width:1180px;color:#111827;padding:0 1rem;box-sizing:border-box}
        h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #e5e7eb;padding-bottom:.2rem}
        table{border-collapse:collapse;margin:.5rem 0 1rem;font-size:13px;max-width:100%}th,td{border:1px solid #e5e7eb;padding:.25rem .5rem;text-align:left;vertical-align:top;overflow-wrap:anywhere}
        th{background:#f9fafb}td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}.flag{color:#b91c1c;font-weight:600}
        .rule{background:#f9fafb;border-left:3px solid #9ca3af;padding:.5rem .75rem}.hist{display:inline-block;margin:0 1rem 1rem 0;vertical-align:top}
        .hist p{margin:0;font-size:12px}.ok{color:#15803d}.note{color:#4b5563;font-size:12px}svg{max-width:100%;height:auto}
        #headlines table.headlines{font-size:15px}#headlines th[scope]{font-weight:600}#headlines td{min-width:9rem}
        .empty{background:#fef2f2;border-left:4px solid #b91c1c;padding:.6rem .8rem;font-weight:600;color:#7f1d1d}
        @media print{body{margin:0;max-width:none;font-size:11px;padding:0}h2{break-after:avoid}tr,.hist,svg,.rule{break-inside:avoid}th{background:none}a{color:inherit}}
        """;

    public static string Render(WeeklyReportData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Append("<meta http-equiv=\"Content-Security-Policy\" content=\"").Append(ContentSecurityPolicy).Append("\">")
            .Append("<title>").Append(E($"Weekly reliability report {data.Week}")).Append("</title><style>").Append(Style).Append("</style></head><body>\n");
        html.Append("<h1>").Append(E($"Weekly reliability report {data.Week}")).Append("</h1>\n<p>")
            .Append(E($"Week {ReportText.Period(data.Week)}, compared with {data.Week.Previous}. Dataset {data.DataDirectory}, generated {data.GeneratedAt.UtcDateTime:yyyy-MM-dd HH:mm}Z."))
            .Append("</p>\n");
        var writer = new Writer(html);
        foreach (var section in ReportSections.All)
        {
            section(writer, data);
        }
        html.Append("</body></html>\n");
        return html.ToString();
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private sealed class Writer(StringBuilder html) : IReportWriter
    {
        public void Heading(string text, string? id = null) =>
            html.Append(id is null ? "<h2>" : $"<h2 id=\"{E(id)}\">").Append(E(text)).Append("</h2>\n");

        public void Paragraph(string text, ParagraphStyle style = ParagraphStyle.Plain)
        {
            var css = style switch
            {
                ParagraphStyle.Ok => " class=\"ok\"",
                ParagraphStyle.Note => " class=\"note\"",
                ParagraphStyle.Rule => " class=\"rule\"",
                ParagraphStyle.Warning => " class=\"empty\" id=\"empty-week\"",
                _ => string.Empty,
            };
            html.Append("<p").Append(css).Append('>').Append(E(text)).Append("</p>\n");
        }

        public void Table(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
        {
            var list = rows.ToList();
            if (list.Count == 0)
            {
                html.Append("<p>No data for this week.</p>\n");
                return;
            }
            html.Append("<table><thead><tr>");
            foreach (var h in header)
            {
                html.Append("<th>").Append(E(h)).Append("</th>");
            }
            html.Append("</tr></thead><tbody>\n");
            foreach (var row in list)
            {
                html.Append("<tr>");
                foreach (var cell in row)
                {
                    var css = cell == ReportText.RegressionMark ? " class=\"flag\"" : LooksNumeric(cell) ? " class=\"n\"" : string.Empty;
                    html.Append("<td").Append(css).Append('>').Append(E(cell)).Append("</td>");
                }
                html.Append("</tr>\n");
            }
            html.Append("</tbody></table>\n");
        }

        public void FlagList(IEnumerable<(string Text, IReadOnlyList<string> Children)> items)
        {
            html.Append("<ul>");
            foreach (var (text, children) in items)
            {
                html.Append("<li class=\"flag\">").Append(E(text));
                if (children.Count > 0)
                {
                    html.Append("<ul>");
                    foreach (var child in children)
                    {
                        html.Append("<li>").Append(E(child)).Append("</li>");
                    }
                    html.Append("</ul>");
                }
                html.Append("</li>");
            }
            html.Append("</ul>\n");
        }

        public void Chart(Func<string> svg, string? caption = null)
        {
            if (caption is null)
            {
                html.Append(svg()).Append('\n');
                return;
            }
            html.Append("<div class=\"hist\"><p>").Append(E(caption)).Append("</p>").Append(svg()).Append("</div>\n");
        }

        /// <summary>Each figure's raw value rides in data-value, for tools and the browser test.</summary>
        public void Headlines(string title, (string Current, string Previous) weeks, IReadOnlyList<HeadlineRow> rows, string completeness, string note)
        {
            html.Append("<section id=\"headlines\"><h2>").Append(E(title)).Append("</h2>\n<table class=\"headlines\"><thead><tr><th></th><th>")
                .Append(E(weeks.Current)).Append("</th><th>").Append(E(weeks.Previous)).Append("</th><th>Change</th></tr></thead><tbody>\n");
            foreach (var row in rows)
            {
                html.Append("<tr data-headline=\"").Append(E(row.Key)).Append("\"><th scope=\"row\">").Append(E(row.Label)).Append("</th>")
                    .Append("<td class=\"n\" data-week=\"current\" data-value=\"").Append(E(row.CurrentRaw ?? "")).Append("\">").Append(E(row.Current)).Append("</td>")
                    .Append("<td class=\"n\" data-week=\"previous\" data-value=\"").Append(E(row.PreviousRaw ?? "")).Append("\">").Append(E(row.Previous)).Append("</td>")
                    .Append("<td class=\"n\">").Append(E(row.Change)).Append("</td></tr>\n");
            }
            html.Append("</tbody></table>\n<p data-headline=\"completeness\"><strong>Data completeness:</strong> ").Append(E(completeness))
                .Append(".</p>\n<p class=\"note\">").Append(E(note)).Append("</p></section>\n");
        }

        private static bool LooksNumeric(string cell) => cell.Length > 0 && (char.IsAsciiDigit(cell[0]) || (cell[0] is '+' or '-' && cell.Length > 1));
    }
}
