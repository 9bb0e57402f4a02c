using System.Globalization;
using System.Text;

namespace Analytics.Query.Report;

/// <summary>The weekly report as Markdown. Text from the data is escaped so it cannot break a table or inject HTML.</summary>
public static class MarkdownReport
{
    private const string Flag = "**REGRESSION**";

    public static string Render(WeeklyReportData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var md = new StringBuilder();
        md.Append(CultureInfo.InvariantCulture, $"# Weekly reliability report {data.Week}\n\n");
        md.Append(CultureInfo.InvariantCulture, $"Week {ReportText.Period(data.Week)}, compared with {data.Week.Previous}. ");
        md.Append(CultureInfo.InvariantCulture, $"Dataset `{Escape(data.DataDirectory)}`, generated {data.GeneratedAt.UtcDateTime:yyyy-MM-dd HH:mm}Z.\n\n");

        md.Append("## Regressions\n\n");
        var flagged = data.FlaggedMachines.ToList();
        if (flagged.Count == 0 && !data.Analysis.FlaggedLatency.Any())
        {
            md.Append("No regressions flagged.\n\n");
        }
        foreach (var machine in flagged)
        {
            md.Append(CultureInfo.InvariantCulture, $"- **{Escape(machine.StateMachine)}**: failure rate {ReportText.Percent(machine.Current.Value)} (last week {ReportText.Percent(machine.Previous.Value)})\n");
            foreach (var state in data.FlaggedStates.Where(s => s.StateMachine == machine.StateMachine))
            {
                md.Append(CultureInfo.InvariantCulture, $"  - state **{Escape(state.StateName)}**: attempt failure rate {ReportText.Percent(state.Current.Value)} (last week {ReportText.Percent(state.Previous.Value)})\n");
            }
        }
        AnalysisMarkdown.Regressions(md, data.Analysis);
        md.Append(CultureInfo.InvariantCulture, $"Rule: {RegressionRule.Description}\n\n");
        AnalysisMarkdown.Sections(md, data.Analysis, data.Week);

        md.Append("## Failure rate per state machine\n\n");
        Table(md, ["State machine", "Executions", "Closed", "Failure rate", "Last week", "Change", "Regression"],
            data.FailureRates.Select(m => new[]
            {
                m.StateMachine, ReportText.Count(m.Executions), ReportText.Count(m.Current.Sample), ReportText.Percent(m.Current.Value),
                ReportText.Percent(m.Previous.Value), ReportText.Change(m.Current.Value, m.Previous.Value), m.Regressed ? Flag : "",
            }));

        md.Append("## Task states: attempt failure rate\n\n");
        Table(md, ["State machine", "State", "Visits", "Failed visits", "Attempts", "Attempt failure rate", "Last week", "Change", "Regression"],
            data.StateRates.Select(s => new[]
            {
                s.StateMachine, s.StateName, ReportText.Count(s.Visits), ReportText.Count(s.FailedVisits), ReportText.Count(s.Current.Sample),
                ReportText.Percent(s.Current.Value), ReportText.Percent(s.Previous.Value), ReportText.Change(s.Current.Value, s.Previous.Value),
                s.Regressed ? Flag : "",
            }));

        md.Append("## Retry distributions\n\nShare of visits (Task states) or steps (durable functions) by the attempts they took.\n\n");
        Table(md, ["Kind", "State machine / function", "State / step", "Visits", "Retried", "Attempts: share"],
            data.Retries.Select(r => new[] { r.Kind, r.Scope, r.Name, ReportText.Count(r.Visits), ReportText.Count(r.Retried), ReportText.Distribution(r) }));

        md.Append("## Latency percentiles\n\nNearest-rank percentiles (quantile_disc); change is p95 against last week.\n\n");
        Table(md, ["Level", "Subject", "Samples", "p50", "p90", "p95", "p99", "Max", "p95 change"],
            data.Latency.Select(l => new[]
            {
                l.Level, l.Subject, ReportText.Count(l.Current.Samples), ReportText.Millis(l.Current.P50), ReportText.Millis(l.Current.P90),
                ReportText.Millis(l.Current.P95), ReportText.Millis(l.Current.P99), ReportText.Millis(l.Current.Max),
                ReportText.RelativeChange(l.Current.P95, l.Previous?.P95),
            }));

        md.Append("## Map Run health\n\n");
        Table(md, data.MapRuns);
        md.Append(CultureInfo.InvariantCulture, $"## Top errors\n\nThe {WeeklyReportBuilder.TopErrorsShown} most frequent per source.\n\n");
        Table(md, data.TopErrors);
        md.Append("## Durable functions\n\n");
        Table(md, data.Durable);

        md.Append("## Configured async retries and observed attempts\n\n").Append(ReportText.AsyncInvokeIntro).Append("\n\n");
        Table(md, ReportText.AsyncInvokeHeader, ReportText.AsyncInvokeRows(data));

        md.Append("## Open executions at export time\n\n").Append(Escape(ReportText.OpenExecutionsIntro(data.OpenExecutions))).Append("\n\n");
        if (data.OpenExecutions.Groups.Count > 0)
        {
            Table(md, ReportText.OpenExecutionsHeader, ReportText.OpenExecutionsRows(data.OpenExecutions));
        }

        md.Append("## Data completeness\n\n");
        Table(md, ["What", "Count"], data.Completeness.Select(c => new[] { c.Label, c.Value }));
        return md.ToString();
    }

    private static void Table(StringBuilder md, QueryTable table) =>
        Table(md, table.Columns.Select(c => c.Name).ToArray(),
            table.Rows.Select(r => r.Select((v, i) => ReportText.Value(table.Columns[i].Name, v)).ToArray()));

    private static void Table(StringBuilder md, string[] header, IEnumerable<string[]> rows)
    {
        var list = rows.ToList();
        if (list.Count == 0)
        {
            md.Append("No data for this week.\n\n");
            return;
        }
        md.Append("| ").Append(string.Join(" | ", header.Select(Escape))).Append(" |\n");
        md.Append('|').Append(string.Concat(header.Select(_ => " --- |"))).Append('\n');
        foreach (var row in list)
        {
            // Cells that are ours (bold flags) pass through; everything else came from the data and is escaped.
            md.Append("| ").Append(string.Join(" | ", row.Select(c => c == Flag ? c : Escape(c)))).Append(" |\n");
        }
        md.Append('\n');
    }

    /// <summary>Escapes Markdown and HTML specials so data shows as text.</summary>
    public static string Escape(string text)
    {
        var escaped = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            switch (c)
            {
                case '\r' or '\n':
                    escaped.Append(' ');
                    break;
                case '<':
                    escaped.Append("&lt;");
                    break;
                case '>':
                    escaped.Append("&gt;");
                    break;
                case '&':
                    escaped.Append("&amp;");
                    break;
                case '|' or '\\' or '*' or '_' or '`' or '[' or ']':
                    escaped.Append('\\').Append(c);
                    break;
                default:
                    escaped.Append(c);
                    break;
            }
        }
        return escaped.ToString();
    }
}
