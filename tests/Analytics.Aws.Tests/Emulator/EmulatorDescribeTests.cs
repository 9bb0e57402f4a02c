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
            (execution.StateMachineArn, execution.Name, execution.Status, execution.StartDate, execution.StopDate));

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
            (durable.DurableExecutionName, durable.FunctionArn, durable.Status, durable.StartTimestamp, durable.EndTimestamp, durable.Version));
        Assert.Null(durable.InputPayload);

        var missing = await Assert.ThrowsAsync<AwsServiceException>(() =>
            lambda.GetFunctionConfigurationAsync(new GetFunctionConfigurationRequest(function + "-missing")));
        Assert.Equal(("ResourceNotFoundException", 404), (missing.ErrorCode, missing.HttpStatus));
    }
}
