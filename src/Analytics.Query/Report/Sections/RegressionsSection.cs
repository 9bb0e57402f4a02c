namespace Analytics.Query.Report.Sections;

/// <summary>Failure-rate regressions: flagged state machines with their flagged states, and the rule.</summary>
internal static class RegressionsSection
{
    public static void Write(IReportWriter w, WeeklyReportData data)
    {
        w.Heading("Regressions");
        var flagged = data.FlaggedMachines.ToList();
        if (flagged.Count == 0)
        {
            if (data.IsEmptyWeek)
            {
                w.Paragraph("Nothing to compare: no executions this week.");
            }
            else
            {
                w.Paragraph("No regressions flagged.", ParagraphStyle.Ok);
            }
        }
        else
        {
            w.FlagList(flagged.Select(m => (
                $"{m.StateMachine}: failure rate {ReportText.Percent(m.Current.Value)} (last week {ReportText.Percent(m.Previous.Value)})",
                (IReadOnlyList<string>)data.FlaggedStates.Where(s => s.StateMachine == m.StateMachine)
                    .Select(s => $"state {s.StateName}: attempt failure rate {ReportText.Percent(s.Current.Value)} (last week {ReportText.Percent(s.Previous.Value)})")
                    .ToList())));
        }
        w.Paragraph("Rule: " + RegressionRule.Description, ParagraphStyle.Rule);
    }
}
