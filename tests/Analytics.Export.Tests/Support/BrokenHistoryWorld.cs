using System.Text.Json;
using Analytics.Emulator.World;

namespace Analytics.Export.Tests.Support;

/// <summary>A real world whose one execution serves a history the flattener must reject (a timestamp that is text).</summary>
internal sealed class BrokenHistoryWorld(IWorld inner, string brokenArn) : IWorld
{
    public string Region => inner.Region;

    public string AccountId => inner.AccountId;

    public DateTimeOffset Now => inner.Now;

    public IReadOnlyList<StateMachineRecord> StateMachines => inner.StateMachines;

    public IReadOnlyList<FunctionRecord> Functions => inner.Functions;

    public StateMachineRecord? FindStateMachine(string stateMachineArn) => inner.FindStateMachine(stateMachineArn);

    public IPagedList<ExecutionRecord> ListExecutions(string stateMachineArn) => inner.ListExecutions(stateMachineArn);

    public IPagedList<ExecutionRecord> ListMapRunExecutions(string mapRunArn) => inner.ListMapRunExecutions(mapRunArn);

    public ExecutionRecord? FindExecution(string executionArn) => inner.FindExecution(executionArn);

    public IHistorySource? GetExecutionHistory(string executionArn) =>
        executionArn == brokenArn && inner.GetExecutionHistory(executionArn) is { } history ? new Broken(history) : inner.GetExecutionHistory(executionArn);

    public IReadOnlyList<MapRunRecord> ListMapRuns(string executionArn) => inner.ListMapRuns(executionArn);

    public MapRunRecord? FindMapRun(string mapRunArn) => inner.FindMapRun(mapRunArn);

    public FunctionRecord? FindFunction(string functionNameOrArn) => inner.FindFunction(functionNameOrArn);

    public IPagedList<DurableExecutionRecord> ListDurableExecutions(string functionName) => inner.ListDurableExecutions(functionName);

    public DurableExecutionRecord? FindDurableExecution(string durableExecutionArn) => inner.FindDurableExecution(durableExecutionArn);

    public IHistorySource? GetDurableExecutionHistory(string durableExecutionArn) => inner.GetDurableExecutionHistory(durableExecutionArn);

    public IHistorySource? GetDurableExecutionState(string durableExecutionArn) => inner.GetDurableExecutionState(durableExecutionArn);

    public bool IsValidCheckpointToken(string durableExecutionArn, string checkpointToken) => inner.IsValidCheckpointToken(durableExecutionArn, checkpointToken);

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
