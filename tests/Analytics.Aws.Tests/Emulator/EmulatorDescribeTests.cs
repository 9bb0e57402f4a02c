using Analytics.Aws.Lambda.Model;
using Analytics.Aws.StepFunctions.Model;

namespace Analytics.Aws.Tests.Emulator;

/// <summary>Every non-paged read API through the typed models, checked field by field against the simulator.</summary>
public sealed class EmulatorDescribeTests(WorldFixture fixture) : IClassFixture<WorldFixture>
{
    [Fact]
    public async Task Step_Functions_describe_APIs_return_the_simulated_records()
    {
        await using var session = await EmulatorSession.StartAsync(fixture.World);
        var sfn = session.Clients.StepFunctions;
        var world = fixture.World;

        foreach (var expected in world.StateMachines)
        {
            var machine = await sfn.DescribeStateMachineAsync(new DescribeStateMachineRequest(expected.StateMachineArn));
            Assert.Equal((expected.Name, expected.Type, expected.RoleArn, expected.CreationDate), (machine.Name, machine.Type, machine.RoleArn, machine.CreationDate));
            Assert.Equal(expected.Definition, machine.Definition);
        }

        var parentWithMapRun = world.StateMachines.Where(s => s.Type == "STANDARD")
            .SelectMany(s => Enumerable.Range(0, world.ListExecutions(s.StateMachineArn).Count).Select(i => world.ListExecutions(s.StateMachineArn)[i]))
            .First(e => world.ListMapRuns(e.ExecutionArn).Count > 0);
        var execution = await sfn.DescribeExecutionAsync(new DescribeExecutionRequest(parentWithMapRun.ExecutionArn));
        Assert.Equal(
            (parentWithMapRun.StateMachineArn, parentWithMapRun.Name, parentWithMapRun.Status, parentWithMapRun.StartDate, parentWithMapRun.StopDate),
            (execution.StateMachineArn, execution.Name, execution.Status.Value, execution.StartDate, execution.StopDate));

        var forExecution = await sfn.DescribeStateMachineForExecutionAsync(new DescribeStateMachineForExecutionRequest(parentWithMapRun.ExecutionArn));
        Assert.Equal(parentWithMapRun.StateMachineArn, forExecution.StateMachineArn);

        var expectedRun = world.ListMapRuns(parentWithMapRun.ExecutionArn)[0];
        var run = await sfn.DescribeMapRunAsync(new DescribeMapRunRequest(expectedRun.MapRunArn));
        Assert.Equal((expectedRun.Status, expectedRun.StartDate, expectedRun.StopDate, expectedRun.MaxConcurrency), (run.Status, run.StartDate, run.StopDate, run.MaxConcurrency));
        Assert.Equal(expectedRun.ItemCounts.Total, run.ItemCounts.Total);
        Assert.Equal(expectedRun.ExecutionCounts.Succeeded, run.ExecutionCounts.Succeeded);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() =>
            sfn.DescribeExecutionAsync(new DescribeExecutionRequest(parentWithMapRun.ExecutionArn + "-missing")));
        Assert.Equal("ExecutionDoesNotExist", error.ErrorCode);
        Assert.Contains(parentWithMapRun.ExecutionArn + "-missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lambda_get_APIs_return_the_simulated_records()
    {
        await using var session = await EmulatorSession.StartAsync(fixture.World);
        var lambda = session.Clients.Lambda;
        var world = fixture.World;

        foreach (var expected in world.Functions)
        {
            var config = await lambda.GetFunctionConfigurationAsync(new GetFunctionConfigurationRequest(expected.FunctionName));
            Assert.Equal((expected.FunctionArn, expected.Runtime, expected.LastModified, expected.MemorySize), (config.FunctionArn, config.Runtime, config.LastModified, config.MemorySize!.Value));
            Assert.Equal(expected.DurableConfig?.RetentionPeriodInDays, config.DurableConfig?.RetentionPeriodInDays);
        }

        var (function, arn) = CrawlSnapshot.HistoryPicks(world).Durable[0];
        var record = world.FindDurableExecution(arn)!;
        var durable = await lambda.GetDurableExecutionAsync(new GetDurableExecutionRequest(arn));
        Assert.Equal(
            (record.DurableExecutionName, record.FunctionArn, record.Status, record.StartTimestamp, record.EndTimestamp, record.Version),
            (durable.DurableExecutionName, durable.FunctionArn, durable.Status.Value, durable.StartTimestamp, durable.EndTimestamp, durable.Version));
        Assert.Null(durable.InputPayload);

        var missing = await Assert.ThrowsAsync<AwsServiceException>(() =>
            lambda.GetFunctionConfigurationAsync(new GetFunctionConfigurationRequest(function + "-missing")));
        Assert.Equal(("ResourceNotFoundException", 404), (missing.ErrorCode, missing.HttpStatus));
    }

    [Fact]
    public async Task A_paused_durable_execution_comes_back_with_its_pause_details()
    {
        var world = Analytics.Emulator.World.WorldLoader.LoadJson("""
            { "region": "us-east-1", "accountId": "123456789012", "now": "2026-11-22T22:00:00Z", "days": 1,
              "durableFunctions": [ { "name": "d", "traffic": { "perDay": 24 },
                "pause": { "probability": 1, "duration": { "fixedMs": 172800000 }, "reason": "maintenance" },
                "program": [ { "type": "step", "name": "s" }, { "type": "wait", "seconds": 60 } ] } ] }
            """, "paused-world", 7);
        var list = world.ListDurableExecutions("d");
        var paused = Enumerable.Range(0, list.Count).Select(i => list[i]).First(e => e.Status == "PAUSED");
        await using var session = await EmulatorSession.StartAsync(world);

        var durable = await session.Clients.Lambda.GetDurableExecutionAsync(new GetDurableExecutionRequest(paused.DurableExecutionArn, IncludeExecutionData: true));
        var listed = await session.Clients.Lambda.ListDurableExecutionsByFunctionAsync(new ListDurableExecutionsByFunctionRequest("d", Statuses: ["PAUSED"], MaxItems: 1000));

        Assert.Equal(DurableExecutionStatus.Paused, durable.Status);
        Assert.Equal(new DurablePauseDetails(paused.PauseDetails!.PauseRequestTimestamp, true, "maintenance"), durable.PauseDetails);
        Assert.Equal(paused.ExpectedExecutionTimeoutTimestamp, durable.ExpectedExecutionTimeoutTimestamp);
        Assert.Equal(paused.StartTimestamp.AddDays(366), durable.ExpectedExecutionTimeoutTimestamp);
        Assert.Contains(listed.DurableExecutions!, e => e.DurableExecutionArn == paused.DurableExecutionArn);
        Assert.All(listed.DurableExecutions!, e => Assert.Equal(DurableExecutionStatus.Paused, e.Status));
    }
}
