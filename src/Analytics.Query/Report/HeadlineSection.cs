using System.Globalization;
using System.Net;
using System.Text;

namespace Analytics.Query.Report;

/// <summary>
/// The block the report opens with: this week against last (executions, failure rate, p95 execution duration),
/// regressions flagged, open executions and the data completeness line; and, above it, the notice that the dataset
/// holds nothing for the week. The HTML carries each raw figure in data-* attributes for tools and tests.
/// </summary>
internal static class HeadlineSection
{
    public const string Title = "Headlines";

    public const string Scope = "Top-level state machine executions started in the week (Map Run children left out); p95 is nearest rank over closed ones.";

    /// <summary>Key, label, this week (text, raw), last week (text, raw), change.</summary>
    public sealed record Row(string Key, string Label, string Current, string? CurrentRaw, string Previous, string? PreviousRaw, string Change);

    public static string EmptyWeekNotice(WeeklyReportData data) =>
        $"No executions in this dataset started in {data.Week} ({ReportText.Period(data.Week)}): there is nothing to report or compare "
        + "for this week. Check the week and the dataset (was it exported after the week ended?).";

    public static IReadOnlyList<Row> Rows(WeeklyReportData data)
    {
        var (now, before) = (data.Headlines.Current, data.Headlines.Previous);
        static string Raw(double? value) => value?.ToString("R", CultureInfo.InvariantCulture) ?? string.Empty;
        var flagged = data.FlaggedMachines.Select(m => m.StateMachine).ToList();
        var open = data.OpenExecutions.Recorded;
        return
        [
            new("executions", "Executions", ReportText.Count(now.Executions), Raw(now.Executions), ReportText.Count(before.Executions), Raw(before.Executions),
                ReportText.RelativeChange(now.Executions, before.Executions)),
            new("failure-rate", "Failure rate", ReportText.Percent(now.Failures.Value), Raw(now.Failures.Value), ReportText.Percent(before.Failures.Value),
                Raw(before.Failures.Value), ReportText.Change(now.Failures.Value, before.Failures.Value)),
            new("p95-duration", "p95 execution duration", Duration(now.P95Ms), Raw(now.P95Ms), Duration(before.P95Ms), Raw(before.P95Ms),
                now.P95Ms is { } p ? ReportText.RelativeChange(p, before.P95Ms) : "–"),
            new("regressions", "Regressions flagged", ReportText.Count(data.RegressionsFlagged) + (flagged.Count > 0 ? $" ({string.Join(", ", flagged)})" : ""),
                Raw(data.RegressionsFlagged), "–", null, "–"),
            new("open-executions", "Open executions at export time", open is { } o ? ReportText.Count(o) : "not recorded", Raw(open), "–", null, "–"),
        ];
    }

    public static void Markdown(StringBuilder md, WeeklyReportData data)
    {
        if (data.IsEmptyWeek)
        {
            md.Append("> **").Append(MarkdownReport.Escape(EmptyWeekNotice(data))).Append("**\n\n");
        }
        md.Append("## ").Append(Title).Append("\n\n");
        md.Append(CultureInfo.InvariantCulture, $"| | This week ({data.Week}) | Last week ({data.Week.Previous}) | Change |\n| --- | --- | --- | --- |\n");
        foreach (var row in Rows(data))
        {
            md.Append("| ").Append(row.Label).Append(" | ").Append(MarkdownReport.Escape(row.Current)).Append(" | ").Append(row.Previous)
                .Append(" | ").Append(row.Change).Append(" |\n");
        }
        md.Append("\nData completeness: ").Append(MarkdownReport.Escape(data.Headlines.Completeness)).Append(".\n\n")
            .Append(Scope).Append("\n\n");
    }

    public static void Html(StringBuilder html, WeeklyReportData data)
    {
        if (data.IsEmptyWeek)
        {
            html.Append("<p class=\"empty\" id=\"empty-week\">").Append(E(EmptyWeekNotice(data))).Append("</p>\n");
        }
        html.Append("<section id=\"headlines\"><h2>").Append(Title).Append("</h2>\n<table class=\"headlines\"><thead><tr><th></th><th>")
            .Append(E($"This week ({data.Week})")).Append("</th><th>").Append(E($"Last week ({data.Week.Previous})")).Append("</th><th>Change</th></tr></thead><tbody>\n");
        foreach (var row in Rows(data))
        {
            html.Append("<tr data-headline=\"").Append(row.Key).Append("\"><th>").Append(E(row.Label)).Append("</th>")
                .Append("<td class=\"n\" data-week=\"current\" data-value=\"").Append(E(row.CurrentRaw ?? "")).Append("\">").Append(E(row.Current)).Append("</td>")
                .Append("<td class=\"n\" data-week=\"previous\" data-value=\"").Append(E(row.PreviousRaw ?? "")).Append("\">").Append(E(row.Previous)).Append("</td>")
                .Append("<td class=\"n\">").Append(E(row.Change)).Append("</td></tr>\n");
        }
        html.Append("</tbody></table>\n<p data-headline=\"completeness\"><strong>Data completeness:</strong> ").Append(E(data.Headlines.Completeness))
            .Append(".</p>\n<p class=\"note\">").Append(E(Scope)).Append("</p></section>\n");
    }

    /// <summary>The block as aligned plain text, for the terminal (`analytics report`, `make demo`).</summary>
    public static string PlainText(WeeklyReportData data)
    {
        var text = new StringBuilder();
        if (data.IsEmptyWeek)
        {
            text.Append(EmptyWeekNotice(data)).Append('\n');
        }
        var rows = Rows(data);
        var width = rows.Max(r => r.Label.Length);
        text.Append(CultureInfo.InvariantCulture, $"{Title} {data.Week} (last week {data.Week.Previous}):\n");
        foreach (var row in rows)
        {
            text.Append("  ").Append(row.Label.PadRight(width)).Append("  ").Append(row.Current);
            if (row.PreviousRaw is not null)
            {
                text.Append(CultureInfo.InvariantCulture, $"  (last week {row.Previous}, {row.Change})");
            }
            text.Append('\n');
        }
        return text.Append("  ").Append("Data completeness".PadRight(width)).Append("  ").Append(data.Headlines.Completeness).Append('\n').ToString();
    }

    private static string Duration(long? milliseconds) => milliseconds is { } ms ? ReportText.Duration(ms) : "–";

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
