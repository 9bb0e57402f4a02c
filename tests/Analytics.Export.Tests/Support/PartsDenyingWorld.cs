using Analytics.Emulator.Http;
using Analytics.Emulator.Simulation.Logs;
using Analytics.Emulator.World;

namespace Analytics.Export.Tests.Support;

/// <summary>
/// A real world where some executions' histories and some Map Runs cannot be read (AccessDeniedException, which no
/// retry gets past): the parts of Map Run units that fail for good.
/// </summary>
internal sealed class PartsDenyingWorld(IWorld world, IReadOnlySet<string> deniedHistories, IReadOnlySet<string> deniedMapRuns) : DelegatingWorld(world)
{
    public override IHistorySource? GetExecutionHistory(string executionArn) =>
        deniedHistories.Contains(executionArn) ? throw Denied("states:GetExecutionHistory", executionArn) : base.GetExecutionHistory(executionArn);

    public override MapRunRecord? FindMapRun(string mapRunArn) =>
        deniedMapRuns.Contains(mapRunArn) ? throw Denied("states:DescribeMapRun", mapRunArn) : base.FindMapRun(mapRunArn);

    private static ApiException Denied(string action, string resource) =>
        new("AccessDeniedException", 400, $"User is not authorized to perform: {action} on resource: {resource}");
}

/// <summary>A real world where one closed execution has been redriven since (its listing says so; its history is
/// the same), so an export fetches it again and must replace every row it had.</summary>
internal sealed class RedrivenWorld(IWorld world, string redrivenArn) : DelegatingWorld(world)
{
    public override IPagedList<ExecutionRecord> ListExecutions(string stateMachineArn) => new Redriven(base.ListExecutions(stateMachineArn), redrivenArn);

    private sealed class Redriven(IPagedList<ExecutionRecord> inner, string arn) : IPagedList<ExecutionRecord>
    {
        public int Count => inner.Count;

        public ExecutionRecord this[int index] =>
            inner[index] is var e && e.ExecutionArn == arn ? e with { RedriveCount = e.RedriveCount + 1, RedriveDate = e.StopDate } : e;
    }
}

/// <summary>A real world whose one log group cannot be read (AccessDeniedException on FilterLogEvents): the crawl of
/// the state machine logging there fails for good.</summary>
internal sealed class LogsDenyingWorld(IWorld world, string deniedLogGroup) : DelegatingWorld(world)
{
    public override ILogs Logs { get; } = new DenyingLogs(world.Logs, deniedLogGroup);

    private sealed class DenyingLogs(ILogs inner, string denied) : ILogs
    {
        public IReadOnlyList<LogGroup> Groups => inner.Groups;

        public LogGroup? Find(string logGroupName) => logGroupName == denied
            ? throw new ApiException("AccessDeniedException", 400, $"User is not authorized to perform: logs:FilterLogEvents on resource: {logGroupName}")
            : inner.Find(logGroupName);

        public LoggingRecord? LoggingOf(string stateMachineArn) => inner.LoggingOf(stateMachineArn);
    }
}
