namespace Analytics.Query.Report.Sections;

/// <summary>Execution failure rate per state machine (and Map Run child row), this week against last.</summary>
internal static class FailureRatesSection
{
    public static void Write(IReportWriter w, WeeklyReportData data)
    {
        w.Heading("Failure rate per state machine");
        if (data.FailureRates.Count > 0)
        {
            w.Chart(() => SvgCharts.FailureRates(data.FailureRates));
        }
        w.Table(["State machine", "Executions", "Closed", "Failure rate", "Last week", "Change", "Regression"],
            data.FailureRates.Select(m => new[]
            {
                m.StateMachine, ReportText.Count(m.Executions), ReportText.Count(m.Current.Sample), ReportText.Percent(m.Current.Value),
                ReportText.Percent(m.Previous.Value), ReportText.Change(m.Current.Value, m.Previous.Value), m.Regressed ? ReportText.RegressionMark : "",
            }));
    }
}
