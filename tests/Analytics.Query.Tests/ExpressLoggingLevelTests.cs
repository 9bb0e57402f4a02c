using Analytics.Query.Report;

namespace Analytics.Query.Tests;

/// <summary>An EXPRESS state machine logging at ERROR: only its error events exist, and the report says so.</summary>
public sealed class ExpressLoggingLevelTests
{
    private static readonly string[] s_errorLevelTypes =
    [
        "ExecutionAborted", "ExecutionFailed", "ExecutionTimedOut", "FailStateEntered", "LambdaFunctionFailed",
        "LambdaFunctionScheduleFailed", "LambdaFunctionStartFailed", "LambdaFunctionTimedOut", "MapIterationAborted",
        "MapIterationFailed", "MapRunAborted", "MapRunFailed", "MapStateAborted", "MapStateFailed", "ParallelStateAborted",
        "ParallelStateFailed", "TaskFailed", "TaskStartFailed", "TaskSubmitFailed", "TaskTimedOut", "TaskStateAborted",
        "WaitStateAborted",
    ];

    [Fact]
    public async Task Level_ERROR_exports_only_error_events_and_the_completeness_section_names_the_machine()
    {
        using var folder = new TempFolder();
        var world = Path.Combine(folder.Path, "error-level.json");
        var json = File.ReadAllText(Path.Combine(WorldExport.RepoRoot, "sample-data", "worlds", "default.json"));
        const string all = "\"logging\": { \"level\": \"ALL\", \"includeExecutionData\": true, \"lateProbability\": 0.01 }";
        Assert.Contains(all, json, StringComparison.Ordinal);
        File.WriteAllText(world, json.Replace("\"days\": 14", "\"days\": 7", StringComparison.Ordinal)
            .Replace(all, "\"logging\": { \"level\": \"ERROR\", \"includeExecutionData\": true }", StringComparison.Ordinal));
        var data = Path.Combine(folder.Path, "data");
        await WorldExport.ExportAsync(world, data);

        using var session = QuerySession.Open(data, new QuerySessionOptions { Threads = 2 });
        var types = session.Run("SELECT DISTINCT type FROM events WHERE execution_arn LIKE '%:express:fraud-score:%' ORDER BY 1", new QueryParameters());
        var exported = Enumerable.Range(0, types.Rows.Count).Select(r => types.Text(r, "type")!).ToList();
        Assert.Contains("ExecutionFailed", exported);
        Assert.All(exported, t => Assert.Contains(t, s_errorLevelTypes));
        var rows = session.Run("SELECT count(*) AS n, count(*) FILTER (WHERE history_complete) AS complete, count(*) FILTER (WHERE status <> 'FAILED') AS other "
            + "FROM executions WHERE state_machine_name = 'fraud-score'", new QueryParameters());
        Assert.True(rows.Long(0, "n") > 0);
        Assert.Equal(0, rows.Long(0, "complete"));
        Assert.Equal(0, rows.Long(0, "other"));

        var report = WeeklyReportBuilder.Build(session, IsoWeek.Parse("2026-W47"), WorldExport.Now);
        Assert.Equal("fraud-score (logging ERROR: only its error events are logged)",
            report.Completeness.Single(c => c.Label.StartsWith("EXPRESS state machines without full histories", StringComparison.Ordinal)).Value);
    }
}
