using System.Globalization;
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

    private const string Style = """
        body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem auto;max-width:1100px;color:#111827;padding:0 1rem}
        h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #e5e7eb;padding-bottom:.2rem}
        table{border-collapse:collapse;margin:.5rem 0 1rem;font-size:13px}th,td{border:1px solid #e5e7eb;padding:.25rem .5rem;text-align:left}
        th{background:#f9fafb}td.n{text-align:right;font-variant-numeric:tabular-nums}.flag{color:#b91c1c;font-weight:600}
        .rule{background:#f9fafb;border-left:3px solid #9ca3af;padding:.5rem .75rem}.hist{display:inline-block;margin:0 1rem 1rem 0;vertical-align:top}
        .hist p{margin:0;font-size:12px}.ok{color:#15803d}
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

        html.Append("<h2>Regressions</h2>\n");
        var flagged = data.FlaggedMachines.ToList();
        if (flagged.Count == 0 && !data.Analysis.FlaggedLatency.Any())
        {
            html.Append("<p class=\"ok\">No regressions flagged.</p>\n");
        }
        else
        {
            html.Append("<ul>");
            foreach (var machine in flagged)
            {
                html.Append("<li class=\"flag\">").Append(E($"{machine.StateMachine}: failure rate {ReportText.Percent(machine.Current.Value)} (last week {ReportText.Percent(machine.Previous.Value)})"));
                var states = data.FlaggedStates.Where(s => s.StateMachine == machine.StateMachine).ToList();
                if (states.Count > 0)
                {
                    html.Append("<ul>");
                    foreach (var state in states)
                    {
                        html.Append("<li>").Append(E($"state {state.StateName}: attempt failure rate {ReportText.Percent(state.Current.Value)} (last week {ReportText.Percent(state.Previous.Value)})")).Append("</li>");
                    }
                    html.Append("</ul>");
                }
                html.Append("</li>");
            }
            html.Append("</ul>\n");
        }
        AnalysisHtml.Regressions(html, data.Analysis);
        html.Append("<p class=\"rule\">").Append(E("Rule: " + RegressionRule.Description)).Append("</p>\n");
        AnalysisHtml.Sections(html, data.Analysis, data.Week);

        html.Append("<h2>Failure rate per state machine</h2>\n");
        if (data.FailureRates.Count > 0)
        {
            html.Append(SvgCharts.FailureRates(data.FailureRates)).Append('\n');
        }
        Table(html, ["State machine", "Executions", "Closed", "Failure rate", "Last week", "Change", "Regression"],
            data.FailureRates.Select(m => new[]
            {
                m.StateMachine, ReportText.Count(m.Executions), ReportText.Count(m.Current.Sample), ReportText.Percent(m.Current.Value),
                ReportText.Percent(m.Previous.Value), ReportText.Change(m.Current.Value, m.Previous.Value), m.Regressed ? "REGRESSION" : "",
            }));

        html.Append("<h2>Task states: attempt failure rate</h2>\n");
        Table(html, ["State machine", "State", "Visits", "Failed visits", "Attempts", "Attempt failure rate", "Last week", "Change", "Regression"],
            data.StateRates.Select(s => new[]
            {
                s.StateMachine, s.StateName, ReportText.Count(s.Visits), ReportText.Count(s.FailedVisits), ReportText.Count(s.Current.Sample),
                ReportText.Percent(s.Current.Value), ReportText.Percent(s.Previous.Value), ReportText.Change(s.Current.Value, s.Previous.Value),
                s.Regressed ? "REGRESSION" : "",
            }));

        html.Append("<h2>Retry distributions</h2>\n<p>Share of visits (Task states) or steps (durable functions) by the attempts they took.</p>\n");
        foreach (var distribution in data.Retries)
        {
            html.Append("<div class=\"hist\"><p>").Append(E($"{distribution.Scope} / {distribution.Name} ({distribution.Kind}, {ReportText.Count(distribution.Visits)} visits)"))
                .Append("</p>").Append(SvgCharts.AttemptHistogram(distribution)).Append("</div>\n");
        }
        Table(html, ["Kind", "State machine / function", "State / step", "Visits", "Retried", "Attempts: share"],
            data.Retries.Select(r => new[] { r.Kind, r.Scope, r.Name, ReportText.Count(r.Visits), ReportText.Count(r.Retried), ReportText.Distribution(r) }));

        html.Append("<h2>Latency percentiles</h2>\n<p>Nearest-rank percentiles (quantile_disc); change is p95 against last week.</p>\n");
        var executionLatency = data.Latency.Where(l => l.Level == "execution").ToList();
        if (executionLatency.Count > 0)
        {
            html.Append(SvgCharts.LatencyBars(executionLatency)).Append('\n');
        }
        Table(html, ["Level", "Subject", "Samples", "p50", "p90", "p95", "p99", "Max", "p95 change"],
            data.Latency.Select(l => new[]
            {
                l.Level, l.Subject, ReportText.Count(l.Current.Samples), ReportText.Millis(l.Current.P50), ReportText.Millis(l.Current.P90),
                ReportText.Millis(l.Current.P95), ReportText.Millis(l.Current.P99), ReportText.Millis(l.Current.Max),
                ReportText.RelativeChange(l.Current.P95, l.Previous?.P95),
            }));

        html.Append("<h2>Map Run health</h2>\n");
        Table(html, data.MapRuns);
        html.Append("<h2>Top errors</h2>\n<p>").Append(E($"The {WeeklyReportBuilder.TopErrorsShown} most frequent per source.")).Append("</p>\n");
        Table(html, data.TopErrors);
        html.Append("<h2>Durable functions</h2>\n");
        Table(html, data.Durable);

        html.Append("<h2>Configured async retries and observed attempts</h2>\n<p>").Append(E(ReportText.AsyncInvokeIntro)).Append("</p>\n");
        Table(html, ReportText.AsyncInvokeHeader, ReportText.AsyncInvokeRows(data));

        html.Append("<h2>Open executions at export time</h2>\n<p>").Append(E(ReportText.OpenExecutionsIntro(data.OpenExecutions))).Append("</p>\n");
        if (data.OpenExecutions.Groups.Count > 0)
        {
            Table(html, ReportText.OpenExecutionsHeader, ReportText.OpenExecutionsRows(data.OpenExecutions));
        }

        html.Append("<h2>Data completeness</h2>\n");
        Table(html, ["What", "Count"], data.Completeness.Select(c => new[] { c.Label, c.Value }));
        html.Append("</body></html>\n");
        return html.ToString();
    }

    private static void Table(StringBuilder html, QueryTable table) =>
        Table(html, table.Columns.Select(c => c.Name).ToArray(),
            table.Rows.Select(r => r.Select((v, i) => ReportText.Value(table.Columns[i].Name, v)).ToArray()));

    private static void Table(StringBuilder html, string[] header, IEnumerable<string[]> rows)
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
                var css = cell == "REGRESSION" ? " class=\"flag\"" : LooksNumeric(cell) ? " class=\"n\"" : string.Empty;
                html.Append("<td").Append(css).Append('>').Append(E(cell)).Append("</td>");
            }
            html.Append("</tr>\n");
        }
        html.Append("</tbody></table>\n");
    }

    private static bool LooksNumeric(string cell) => cell.Length > 0 && (char.IsAsciiDigit(cell[0]) || (cell[0] is '+' or '-' && cell.Length > 1));

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
