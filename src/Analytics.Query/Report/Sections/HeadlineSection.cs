using System.Globalization;
using System.Text;

namespace Analytics.Query.Report.Sections;

/// <summary>
/// The block the report opens with: this week against last (executions, failure rate, p95 execution duration),
/// regressions flagged, open executions and the data completeness line; and, above it, the notice that the dataset
/// holds nothing for the week.
/// </summary>
internal static class HeadlineSection
{
    public const string Title = "Headlines";

    public const string Scope = "Top-level state machine executions started in the week (Map Run children left out); p95 is nearest rank over closed ones.";

    public static string EmptyWeekNotice(WeeklyReportData data) =>
        $"No executions in this dataset started in {data.Week} ({ReportText.Period(data.Week)}): there is nothing to report or compare "
        + "for this week. Check the week and the dataset (was it exported after the week ended?).";

    public static IReadOnlyList<HeadlineRow> Rows(WeeklyReportData data)
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

    public static void Write(IReportWriter w, WeeklyReportData data)
    {
        if (data.IsEmptyWeek)
        {
            w.Paragraph(EmptyWeekNotice(data), ParagraphStyle.Warning);
        }
        w.Headlines(Title, ($"This week ({data.Week})", $"Last week ({data.Week.Previous})"), Rows(data), data.Headlines.Completeness, Scope);
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
}
