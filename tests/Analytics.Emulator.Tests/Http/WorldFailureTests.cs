using Analytics.Emulator.Http;
using Analytics.Emulator.Tests.Http.Support;
using Analytics.Emulator.World;
using static Analytics.Emulator.Tests.Http.Support.WireClient;

namespace Analytics.Emulator.Tests.Http;

public sealed class WorldFailureTests
{
    /// <summary>A world whose history generation fails, with a payload-like message that must not leak.</summary>
    private sealed class BrokenHistoryWorld(FixedWorld inner) : IWorld
    {
        public string Region => inner.Region;
        public string AccountId => inner.AccountId;
        public DateTimeOffset Now => inner.Now;
        public IReadOnlyList<StateMachineRecord> StateMachines => inner.StateMachines;
        public StateMachineRecord? FindStateMachine(string stateMachineArn) => inner.FindStateMachine(stateMachineArn);
        public IPagedList<ExecutionRecord> ListExecutions(string stateMachineArn) => inner.ListExecutions(stateMachineArn);
        public IPagedList<ExecutionRecord> ListMapRunExecutions(string mapRunArn) => inner.ListMapRunExecutions(mapRunArn);
        public ExecutionRecord? FindExecution(string executionArn) => inner.FindExecution(executionArn);
        public IHistorySource? GetExecutionHistory(string executionArn) =>
            throw new InvalidOperationException("{\"creditCard\":\"4111-1111\"}");
        public IReadOnlyList<MapRunRecord> ListMapRuns(string executionArn) => inner.ListMapRuns(executionArn);
        public MapRunRecord? FindMapRun(string mapRunArn) => inner.FindMapRun(mapRunArn);
        public IReadOnlyList<FunctionRecord> Functions => inner.Functions;

        public ILogs Logs => inner.Logs;
        public FunctionRecord? FindFunction(string functionNameOrArn) => inner.FindFunction(functionNameOrArn);
        public IPagedList<DurableExecutionRecord> ListDurableExecutions(string functionName) => inner.ListDurableExecutions(functionName);
        public DurableExecutionRecord? FindDurableExecution(string durableExecutionArn) => inner.FindDurableExecution(durableExecutionArn);
        public IHistorySource? GetDurableExecutionHistory(string durableExecutionArn) => inner.GetDurableExecutionHistory(durableExecutionArn);
        public IHistorySource? GetDurableExecutionState(string durableExecutionArn) => inner.GetDurableExecutionState(durableExecutionArn);
        public bool IsValidCheckpointToken(string durableExecutionArn, string checkpointToken) =>
            inner.IsValidCheckpointToken(durableExecutionArn, checkpointToken);
    }

    [Fact]
    public async Task A_failing_world_gives_a_500_without_leaking_its_message_and_the_server_keeps_serving()
    {
        await using var server = await EmulatorServer.StartAsync(new BrokenHistoryWorld(new FixedWorld()), new EmulatorOptions());
        using var http = new HttpClient();
        var client = new WireClient(http, server.Url);

        var failed = await client.Sfn("GetExecutionHistory", Json(("executionArn", FixedWorld.OrderArn(7))));
        var next = await client.Sfn("DescribeExecution", Json(("executionArn", FixedWorld.OrderArn(7))));

        Assert.Equal(500, failed.Status);
        Assert.Equal("InternalFailure", failed.SfnErrorCode);
        Assert.DoesNotContain("4111", failed.Body, StringComparison.Ordinal);
        Assert.Equal(200, next.Status);
    }
}
