namespace Analytics.Query.Report.Sections;

/// <summary>Attempt failure rate per Task state, this week against last.</summary>
internal static class StateFailureRatesSection
{
    public static void Write(IReportWriter w, WeeklyReportData data)
    {
        w.Heading("Task states: attempt failure rate");
        w.Table(["State machine", "State", "Visits", "Failed visits", "Attempts", "Attempt failure rate", "Last week", "Change", "Regression"],
            data.StateRates.Select(s => new[]
            {
                s.StateMachine, s.StateName, ReportText.Count(s.Visits), ReportText.Count(s.FailedVisits), ReportText.Count(s.Current.Sample),
                ReportText.Percent(s.Current.Value), ReportText.Percent(s.Previous.Value), ReportText.Change(s.Current.Value, s.Previous.Value),
                s.Regressed ? ReportText.RegressionMark : "",
            }));
    }
}
