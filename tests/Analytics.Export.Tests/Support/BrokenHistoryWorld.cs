using System.Text.Json;
using Analytics.Emulator.World;

namespace Analytics.Export.Tests.Support;

/// <summary>A real world behind every member; a test world overrides only what it changes.</summary>
internal abstract class DelegatingWorld(IWorld inner) : IWorld
{
    public string Region => inner.Region;

    public string AccountId => inner.AccountId;

    public DateTimeOffset Now => inner.Now;

    public IReadOnlyList<StateMachineRecord> StateMachines => inner.StateMachines;

    public IReadOnlyList<FunctionRecord> Functions => inner.Functions;

    public virtual ILogs Logs => inner.Logs;

    public virtual StateMachineRecord? FindStateMachine(string stateMachineArn) => inner.FindStateMachine(stateMachineArn);

    public virtual IPagedList<ExecutionRecord> ListExecutions(string stateMachineArn) => inner.ListExecutions(stateMachineArn);

    public IPagedList<ExecutionRecord> ListMapRunExecutions(string mapRunArn) => inner.ListMapRunExecutions(mapRunArn);

    public ExecutionRecord? FindExecution(string executionArn) => inner.FindExecution(executionArn);

    public virtual IHistorySource? GetExecutionHistory(string executionArn) => inner.GetExecutionHistory(executionArn);

    public IReadOnlyList<MapRunRecord> ListMapRuns(string executionArn) => inner.ListMapRuns(executionArn);

    public virtual MapRunRecord? FindMapRun(string mapRunArn) => inner.FindMapRun(mapRunArn);

    public virtual FunctionRecord? FindFunction(string functionNameOrArn) => inner.FindFunction(functionNameOrArn);

    public IPagedList<DurableExecutionRecord> ListDurableExecutions(string functionName) => inner.ListDurableExecutions(functionName);

    public DurableExecutionRecord? FindDurableExecution(string durableExecutionArn) => inner.FindDurableExecution(durableExecutionArn);

    public IHistorySource? GetDurableExecutionHistory(string durableExecutionArn) => inner.GetDurableExecutionHistory(durableExecutionArn);

    public IHistorySource? GetDurableExecutionState(string durableExecutionArn) => inner.GetDurableExecutionState(durableExecutionArn);

    public bool IsValidCheckpointToken(string durableExecutionArn, string checkpointToken) => inner.IsValidCheckpointToken(durableExecutionArn, checkpointToken);
}

/// <summary>A real world whose one execution serves a history the flattener must reject (a timestamp that is text).</summary>
internal sealed class BrokenHistoryWorld(IWorld world, string brokenArn) : DelegatingWorld(world)
{
    public override IHistorySource? GetExecutionHistory(string executionArn) =>
        executionArn == brokenArn && base.GetExecutionHistory(executionArn) is { } history ? new Broken(history) : base.GetExecutionHistory(executionArn);

    private sealed class Broken(IHistorySource inner) : IHistorySource
    {
        public int Count => inner.Count;

        public void WriteItems(Utf8JsonWriter writer, int start, int count, bool reverseOrder, bool includeExecutionData)
        {
            if (start == 0 && count > 0)
            {
                writer.WriteStartObject();
                writer.WriteString("timestamp", "yesterday at noon");
                writer.WriteString("type", "ExecutionStarted");
                writer.WriteNumber("id", 1);
                writer.WriteNumber("previousEventId", 0);
                writer.WriteEndObject();
                inner.WriteItems(writer, 1, count - 1, reverseOrder, includeExecutionData);
                return;
            }
            inner.WriteItems(writer, start, count, reverseOrder, includeExecutionData);
        }
    }
}
