using Analytics.Aws.Credentials;
using Analytics.Aws.Lambda.Model;
using Analytics.Aws.StepFunctions.Model;
using Analytics.Emulator.Http;

namespace Analytics.Aws.Tests.Emulator;

public sealed class EmulatorTokenAndSignatureTests(WorldFixture fixture) : IClassFixture<WorldFixture>
{
    [Fact]
    public async Task Step_Functions_token_older_than_24_hours_raises_PaginationTokenExpiredException()
    {
        var clock = new OffsetClock();
        await using var session = await EmulatorSession.StartAsync(fixture.World, new EmulatorOptions { Clock = clock });
        var stateMachine = Busiest(fixture);
        var first = await session.Clients.StepFunctions.ListExecutionsAsync(new ListExecutionsRequest(StateMachineArn: stateMachine, MaxResults: 5));
        Assert.NotNull(first.NextToken);

        clock.Advance(TimeSpan.FromHours(25));

        var error = await Assert.ThrowsAsync<PaginationTokenExpiredException>(() =>
            session.Clients.StepFunctions.ListExecutionsAsync(new ListExecutionsRequest(StateMachineArn: stateMachine, MaxResults: 5, NextToken: first.NextToken)));
        Assert.Equal(("ListExecutions", "InvalidToken", stateMachine), (error.Api, error.ErrorCode, error.Resource));
        Assert.Contains("expired", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Expired_token_surfaces_from_the_paginators_of_both_services()
    {
        var clock = new OffsetClock();
        await using var session = await EmulatorSession.StartAsync(fixture.World, new EmulatorOptions { Clock = clock });
        var (executions, durable) = CrawlSnapshot.HistoryPicks(fixture.World);
        var longest = executions.OrderByDescending(arn => fixture.World.GetExecutionHistory(arn)!.Count).First();
        var (function, _) = durable[0];

        await using var history = session.Clients.StepFunctions.Paginators.GetExecutionHistory(new GetExecutionHistoryRequest(longest, MaxResults: 2)).GetAsyncEnumerator();
        await using var listing = session.Clients.Lambda.Paginators.ListDurableExecutionsByFunction(new ListDurableExecutionsByFunctionRequest(function, MaxItems: 1)).GetAsyncEnumerator();
        Assert.True(await history.MoveNextAsync());
        history.Current.Dispose();
        Assert.True(await listing.MoveNextAsync());

        clock.Advance(TimeSpan.FromHours(24) + TimeSpan.FromMinutes(1));

        var sfn = await Assert.ThrowsAsync<PaginationTokenExpiredException>(async () => await history.MoveNextAsync());
        var lambda = await Assert.ThrowsAsync<PaginationTokenExpiredException>(async () => await listing.MoveNextAsync());
        Assert.Equal("GetExecutionHistory", sfn.Api);
        Assert.Equal(("ListDurableExecutionsByFunction", "InvalidParameterValueException", 400), (lambda.Api, lambda.ErrorCode, lambda.HttpStatus));
    }

    [Fact]
    public async Task Emulator_verifying_signatures_accepts_ours_on_every_API_shape()
    {
        var keys = new EmulatorCredentials("AKIDVERIFY", "verify/secret+with=odd:chars");
        await using var session = await EmulatorSession.StartAsync(
            fixture.World,
            new EmulatorOptions { Credentials = keys },
            credentials: new AwsCredentials(keys.AccessKeyId, keys.SecretAccessKey, "an-optional-session-token"));
        var (executions, durable) = CrawlSnapshot.HistoryPicks(fixture.World);
        var (function, durableArn) = durable[0];

        var machines = await session.Clients.StepFunctions.ListStateMachinesAsync(new ListStateMachinesRequest());
        using var page = await session.Clients.StepFunctions.GetExecutionHistoryAsync(new GetExecutionHistoryRequest(executions[0], MaxResults: 3));
        var functions = await session.Clients.Lambda.ListFunctionsAsync(new ListFunctionsRequest(MaxItems: 50));
        var described = await session.Clients.Lambda.GetDurableExecutionAsync(new GetDurableExecutionRequest(durableArn));
        var filtered = await session.Clients.Lambda.ListDurableExecutionsByFunctionAsync(new ListDurableExecutionsByFunctionRequest(
            function, Statuses: ["SUCCEEDED", "FAILED"], StartedAfter: fixture.World.Now.AddDays(-30), MaxItems: 1000));
        using var durablePage = await session.Clients.Lambda.GetDurableExecutionHistoryAsync(new GetDurableExecutionHistoryRequest(durableArn, MaxItems: 1000));

        Assert.Equal(fixture.World.StateMachines.Count, machines.StateMachines.Count);
        Assert.True(page.Json.Length > 0);
        Assert.Equal(fixture.World.Functions.Count, functions.Functions!.Count);
        Assert.Equal(durableArn, described.DurableExecutionArn);
        Assert.All(filtered.DurableExecutions!, e => Assert.Contains(e.Status.Value, new[] { "SUCCEEDED", "FAILED" }));
        Assert.Null(durablePage.NextToken);
    }

    [Fact]
    public async Task Emulator_verifying_signatures_rejects_a_wrong_secret_without_retrying()
    {
        var keys = new EmulatorCredentials("AKIDVERIFY", "the-right-secret");
        await using var session = await EmulatorSession.StartAsync(
            fixture.World,
            new EmulatorOptions { Credentials = keys },
            credentials: new AwsCredentials(keys.AccessKeyId, "a-wrong-secret", null));

        var sfn = await Assert.ThrowsAsync<AwsServiceException>(() => session.Clients.StepFunctions.ListStateMachinesAsync(new ListStateMachinesRequest()));
        var lambda = await Assert.ThrowsAsync<AwsServiceException>(() => session.Clients.Lambda.ListFunctionsAsync(new ListFunctionsRequest()));

        Assert.Equal(("InvalidSignatureException", 403, 1), (sfn.ErrorCode, sfn.HttpStatus, sfn.Attempts));
        Assert.Equal(("InvalidSignatureException", 403, 1), (lambda.ErrorCode, lambda.HttpStatus, lambda.Attempts));
        Assert.Contains("ListStateMachines", sfn.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("a-wrong-secret", sfn.Message, StringComparison.Ordinal);
    }

    private static string Busiest(WorldFixture fixture) =>
        fixture.World.StateMachines.Where(s => s.Type == "STANDARD").OrderByDescending(s => fixture.World.ListExecutions(s.StateMachineArn).Count).First().StateMachineArn;
}
