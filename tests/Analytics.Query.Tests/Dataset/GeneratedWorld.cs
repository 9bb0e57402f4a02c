namespace Analytics.Query.Tests.Dataset;

/// <summary>Every row of one generated dataset, kept in memory so tests can compute the expected figures themselves.</summary>
internal sealed class GeneratedWorld
{
    public List<StateMachineRow> StateMachines { get; } = [];
    public List<ExecutionRow> Executions { get; } = [];
    public List<StateVisitRow> StateVisits { get; } = [];
    public List<TaskAttemptRow> TaskAttempts { get; } = [];
    public List<MapRunRow> MapRuns { get; } = [];
    public List<FunctionRow> Functions { get; } = [];
    public List<DurableExecutionRow> DurableExecutions { get; } = [];
    public List<DurableOperationRow> DurableOperations { get; } = [];
    public List<DurableEventRow> DurableEvents { get; } = [];
}
