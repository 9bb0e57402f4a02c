using System.Net;
using Analytics.Aws.Credentials;
using Analytics.Aws.Diagnostics;
using Analytics.Aws.Retry;
using Analytics.Aws.StepFunctions.Model;
using Analytics.Aws.Lambda.Model;

namespace Analytics.Aws.Tests.Http;

public sealed class RetryBehaviourTests
{
    private const string ExecutionArn = "arn:aws:states:us-east-1:123456789012:execution:orders:run-1";
    private const string OkHistory = """{"events":[{"timestamp":1.7E9,"type":"ExecutionStarted","id":1,"previousEventId":0}],"nextToken":"n2"}""";

    private readonly ScriptedTransport _transport = new();
    private readonly ManualTimeProvider _time = new();
    private readonly AwsCallCounters _counters = new();

    [Fact]
    public async Task Throttled_call_is_retried_after_the_server_requested_delay_and_succeeds()
    {
        _transport
            .Respond(HttpStatusCode.BadRequest, """{"__type":"ThrottlingException","message":"Rate exceeded"}""", ("x-amz-retry-after", "1500"))
            .Respond(HttpStatusCode.OK, OkHistory);
        using var factory = Factory(new RetryOptions { MaxAttempts = 3 });

        using var page = await factory.StepFunctions.GetExecutionHistoryAsync(new GetExecutionHistoryRequest(ExecutionArn));

        Assert.Equal("n2", page.NextToken);
        Assert.Equal([TimeSpan.FromMilliseconds(1500)], _time.Waits.ToArray());
        Assert.Equal(new AwsCallCount(Calls: 2, Throttled: 1, Retries: 1, Failures: 0), _counters.Total());
        Assert.Equal(["attempt=1; max=3", "attempt=2; max=3"], _transport.Sent.Select(s => s.Headers["amz-sdk-request"]).ToArray());
    }

    [Fact]
    public async Task Lambda_Retry_After_seconds_header_is_honoured()
    {
        _transport
            .Respond(HttpStatusCode.TooManyRequests, """{"Type":"User","message":"Rate exceeded","Reason":"CallerRateLimitExceeded"}""",
                ("X-Amzn-ErrorType", "TooManyRequestsException"), ("Retry-After", "4"))
            .Respond(HttpStatusCode.OK, """{"Functions":[],"NextMarker":null}""");
        using var factory = Factory(new RetryOptions());

        var response = await factory.Lambda.ListFunctionsAsync(new ListFunctionsRequest());

        Assert.Empty(response.Functions!);
        Assert.Equal([TimeSpan.FromSeconds(4)], _time.Waits.ToArray());
    }

    [Fact]
    public async Task Server_errors_are_retried_up_to_the_attempt_bound_then_reported_with_api_resource_and_code()
    {
        for (var i = 0; i < 5; i++)
        {
            _transport.Respond(HttpStatusCode.InternalServerError, """{"__type":"InternalServerError","message":"boom"}""", ("x-amzn-RequestId", $"req-{i}"));
        }

        using var factory = Factory(new RetryOptions { MaxAttempts = 4 });

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => factory.StepFunctions.DescribeExecutionAsync(new DescribeExecutionRequest(ExecutionArn)));

        Assert.Equal(4, _transport.Sent.Count);
        Assert.Equal(4, error.Attempts);
        Assert.Equal("InternalServerError", error.ErrorCode);
        Assert.Equal(500, error.HttpStatus);
        Assert.Equal("req-3", error.RequestId);
        Assert.Contains("DescribeExecution", error.Message, StringComparison.Ordinal);
        Assert.Contains(ExecutionArn, error.Message, StringComparison.Ordinal);
        Assert.Contains("InternalServerError", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, _time.Waits.Count);
        Assert.All(_time.Waits.Zip([100, 200, 400]), w => Assert.Equal(w.Second / 2d, w.First.TotalMilliseconds, 3));
        Assert.Equal(new AwsCallCount(Calls: 4, Throttled: 0, Retries: 3, Failures: 1), _counters.Total());
    }

    [Fact]
    public async Task Client_errors_are_not_retried()
    {
        _transport.Respond(HttpStatusCode.BadRequest, """{"__type":"com.amazonaws.swf.service.v2.model#ExecutionDoesNotExist","message":"no such execution"}""");
        using var factory = Factory(new RetryOptions { MaxAttempts = 10 });

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => factory.StepFunctions.DescribeExecutionAsync(new DescribeExecutionRequest(ExecutionArn)));

        Assert.Equal("ExecutionDoesNotExist", error.ErrorCode);
        Assert.Single(_transport.Sent);
        Assert.Empty(_time.Waits);
    }

    [Fact]
    public async Task Retry_quota_exhaustion_stops_retrying_before_the_attempt_bound()
    {
        for (var i = 0; i < 10; i++)
        {
            _transport.Respond(HttpStatusCode.ServiceUnavailable, "{}");
        }

        using var factory = Factory(new RetryOptions { MaxAttempts = 10, QuotaCapacity = 12 });

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => factory.StepFunctions.ListStateMachinesAsync(new ListStateMachinesRequest()));

        Assert.Equal(3, error.Attempts);
        Assert.Equal(3, _transport.Sent.Count);
        Assert.Equal(2, factory.RetryQuota.Available);
    }

    [Fact]
    public async Task Truncated_body_and_connection_reset_are_retried_and_the_good_page_is_returned()
    {
        _transport
            .Respond(HttpStatusCode.OK, OkHistory[..40])
            .Throw(new HttpRequestException("Connection reset by peer", new IOException("reset")))
            .Respond(HttpStatusCode.OK, OkHistory);
        using var factory = Factory(new RetryOptions { MaxAttempts = 5 });

        using var page = await factory.StepFunctions.GetExecutionHistoryAsync(new GetExecutionHistoryRequest(ExecutionArn));

        Assert.Equal(OkHistory, System.Text.Encoding.UTF8.GetString(page.Json.Span));
        Assert.Equal(3, _transport.Sent.Count);
        // Two retries took 5 tokens each; the success gives back the last retry's cost.
        Assert.Equal(495, factory.RetryQuota.Available);
    }

    [Fact]
    public async Task Complete_JSON_that_does_not_fit_the_model_fails_at_once()
    {
        _transport.Respond(HttpStatusCode.OK, """{"stateMachines":[{"stateMachineArn":"a","name":"n","type":"STANDARD","creationDate":"2025-01-01T00:00:00Z"}]}""");
        using var factory = Factory(new RetryOptions { MaxAttempts = 5 });

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => factory.StepFunctions.ListStateMachinesAsync(new ListStateMachinesRequest()));

        Assert.Equal("DeserializationError", error.ErrorCode);
        Assert.Single(_transport.Sent);
    }

    [Fact]
    public async Task Attempt_timeout_is_retried_at_the_higher_quota_cost()
    {
        _transport.Hang().Respond(HttpStatusCode.OK, """{"stateMachines":[]}""");
        using var factory = Factory(new RetryOptions { AttemptTimeout = TimeSpan.FromMilliseconds(100) });

        var response = await factory.StepFunctions.ListStateMachinesAsync(new ListStateMachinesRequest());

        Assert.Empty(response.StateMachines);
        Assert.Equal(500, factory.RetryQuota.Available);
        Assert.Equal(2, _transport.Sent.Count);
    }

    [Fact]
    public async Task Timeout_is_not_retried_when_the_quota_cannot_cover_its_cost()
    {
        _transport.Hang().Respond(HttpStatusCode.OK, """{"stateMachines":[]}""");
        using var factory = Factory(new RetryOptions { AttemptTimeout = TimeSpan.FromMilliseconds(100), QuotaCapacity = 9 });

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => factory.StepFunctions.ListStateMachinesAsync(new ListStateMachinesRequest()));

        Assert.Equal("RequestTimeout", error.ErrorCode);
        Assert.Null(error.HttpStatus);
        Assert.Single(_transport.Sent);
    }

    [Fact]
    public async Task Expired_Step_Functions_token_raises_the_dedicated_exception_without_retrying()
    {
        _transport.Respond(HttpStatusCode.BadRequest, """{"__type":"InvalidToken","message":"Invalid Token: 'Token expired'"}""");
        using var factory = Factory(new RetryOptions { MaxAttempts = 5 });

        var error = await Assert.ThrowsAsync<PaginationTokenExpiredException>(() =>
            factory.StepFunctions.ListExecutionsAsync(new ListExecutionsRequest(StateMachineArn: "arn:aws:states:us-east-1:1:stateMachine:orders", NextToken: "old")));

        Assert.Equal("InvalidToken", error.ErrorCode);
        Assert.Equal("ListExecutions", error.Api);
        Assert.Single(_transport.Sent);
    }

    [Fact]
    public async Task Expired_Lambda_marker_raises_the_dedicated_exception()
    {
        _transport.Respond(HttpStatusCode.BadRequest, """{"Type":"User","message":"The marker has expired."}""", ("X-Amzn-ErrorType", "InvalidParameterValueException"));
        using var factory = Factory(new RetryOptions());

        await Assert.ThrowsAsync<PaginationTokenExpiredException>(() =>
            factory.Lambda.ListDurableExecutionsByFunctionAsync(new ListDurableExecutionsByFunctionRequest("durable-fn", Marker: "old")));
    }

    [Fact]
    public async Task Throttles_slow_the_apis_rate_limiter_down()
    {
        _transport
            .Respond(HttpStatusCode.BadRequest, """{"__type":"ThrottlingException"}""")
            .Respond(HttpStatusCode.BadRequest, """{"__type":"ThrottlingException"}""")
            .Respond(HttpStatusCode.OK, """{"stateMachines":[]}""");
        using var factory = Factory(new RetryOptions(), RateLimitMode.AwsQuotas);

        await factory.StepFunctions.ListStateMachinesAsync(new ListStateMachinesRequest());

        var limiter = factory.Limiters.For("states", "ListStateMachines", AwsQuotas.StepFunctions("ListStateMachines", "us-east-1"))!;
        Assert.True(limiter.CurrentRate <= limiter.CeilingRate * AdaptiveRateLimiter.BackoffFactor + 1e-9, $"rate {limiter.CurrentRate}");
    }

    [Fact]
    public async Task Requests_follow_the_wire_protocols()
    {
        const string durableArn = "arn:aws:lambda:us-east-1:123456789012:function:durable-fn:$LATEST/durable-execution/d-ok/0000";
        _transport
            .Respond(HttpStatusCode.OK, """{"executions":[]}""")
            .Respond(HttpStatusCode.OK, """{"Events":[],"NextMarker":"m2"}""")
            .Respond(HttpStatusCode.OK, """{"DurableExecutions":[]}""");
        using var factory = Factory(new RetryOptions());

        await factory.StepFunctions.ListExecutionsAsync(new ListExecutionsRequest(StateMachineArn: "arn:sm", StatusFilter: "FAILED", MaxResults: 7));
        using (var page = await factory.Lambda.GetDurableExecutionHistoryAsync(new GetDurableExecutionHistoryRequest(durableArn, MaxItems: 1000)))
        {
            Assert.Equal("m2", page.NextToken);
        }

        await factory.Lambda.ListDurableExecutionsByFunctionAsync(new ListDurableExecutionsByFunctionRequest(
            "durable-fn", Statuses: ["SUCCEEDED", "FAILED"], StartedAfter: new DateTimeOffset(2025, 1, 1, 1, 2, 3, 456, TimeSpan.Zero)));

        var sfn = _transport.Sent[0];
        Assert.Equal(("POST", "/"), (sfn.Method, sfn.PathAndQuery));
        Assert.Equal("AWSStepFunctions.ListExecutions", sfn.Headers["X-Amz-Target"]);
        Assert.Equal("application/x-amz-json-1.0", sfn.Headers["Content-Type"]);
        Assert.Equal("""{"stateMachineArn":"arn:sm","statusFilter":"FAILED","maxResults":7}""", sfn.Body);
        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=AKIDTEST/20261121/us-east-1/states/aws4_request", sfn.Headers["Authorization"], StringComparison.Ordinal);

        var history = _transport.Sent[1];
        Assert.Equal("GET", history.Method);
        Assert.Equal(
            "/2025-12-01/durable-executions/arn%3Aaws%3Alambda%3Aus-east-1%3A123456789012%3Afunction%3Adurable-fn%3A%24LATEST%2Fdurable-execution%2Fd-ok%2F0000/history?IncludeExecutionData=false&MaxItems=1000",
            history.PathAndQuery);
        Assert.Null(history.Body);
        Assert.False(history.Headers.ContainsKey("Content-Type"));
        Assert.Contains("/lambda/aws4_request", history.Headers["Authorization"], StringComparison.Ordinal);

        Assert.Equal(
            "/2025-12-01/functions/durable-fn/durable-executions?StartedAfter=2025-01-01T01%3A02%3A03.456Z&Statuses=SUCCEEDED&Statuses=FAILED",
            _transport.Sent[2].PathAndQuery);
    }

    private AwsClientFactory Factory(RetryOptions retry, RateLimitMode limits = RateLimitMode.None) => new(
        new AwsClientOptions { Region = "us-east-1", EndpointUrl = new Uri("http://127.0.0.1:9"), Retry = retry, RateLimits = limits },
        new StaticCredentialsProvider(new AwsCredentials("AKIDTEST", "secret", null)),
        _counters,
        time: _time,
        random: new FixedRandom(0.5),
        transport: _transport);
}
