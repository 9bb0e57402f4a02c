using Analytics.Query.Report.Sections;

namespace Analytics.Query.Report;

/// <summary>
/// The report's sections, in order. Each is one file under Sections/ with a <c>Write(IReportWriter, WeeklyReportData)</c>
/// that both the Markdown and the HTML report render; a new section is a new file and one line here.
/// </summary>
internal static class ReportSections
{
    public static readonly IReadOnlyList<Action<IReportWriter, WeeklyReportData>> All =
    [
        HeadlineSection.Write,
        QueryTableSections.Units,
        RegressionsSection.Write,
        FailureRatesSection.Write,
        StateFailureRatesSection.Write,
        RetriesSection.Write,
        LatencySection.Write,
        QueryTableSections.MapRuns,
        QueryTableSections.TopErrors,
        QueryTableSections.Durable,
        AsyncInvokeSection.Write,
        OpenExecutionsSection.Write,
        RetryAdviceSection.Write,
        TrendsSection.Write,
        CompletenessSection.Write,
    ];
}
