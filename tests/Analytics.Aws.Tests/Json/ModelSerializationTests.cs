using System.Text;
using System.Text.Json;
using Analytics.Aws.Lambda;
using Analytics.Aws.Lambda.Model;
using Analytics.Aws.StepFunctions;
using Analytics.Aws.StepFunctions.Model;

namespace Analytics.Aws.Tests.Json;

public sealed class ModelSerializationTests
{
    [Fact]
    public void Step_Functions_requests_are_camelCase_and_omit_absent_members()
    {
        var json = JsonSerializer.Serialize(
            new ListExecutionsRequest(MapRunArn: "arn:aws:states:us-east-1:1:mapRun:sm/m:1", StatusFilter: "FAILED", MaxResults: 1000),
            StepFunctionsJsonContext.Default.ListExecutionsRequest);

        Assert.Equal("{\"mapRunArn\":\"arn:aws:states:us-east-1:1:mapRun:sm/m:1\",\"statusFilter\":\"FAILED\",\"maxResults\":1000}", json);
    }

    [Fact]
    public void History_requests_leave_payloads_out_unless_asked()
    {
        var json = JsonSerializer.Serialize(new GetExecutionHistoryRequest("arn:x", MaxResults: 1000), StepFunctionsJsonContext.Default.GetExecutionHistoryRequest);

        Assert.Equal("{\"executionArn\":\"arn:x\",\"maxResults\":1000,\"includeExecutionData\":false}", json);
        Assert.Equal("{}", JsonSerializer.Serialize(new ListStateMachinesRequest(), StepFunctionsJsonContext.Default.ListStateMachinesRequest));
    }

    [Fact]
    public void Step_Functions_responses_read_epoch_timestamps_and_ignore_unknown_members()
    {
        const string json = """
            {"executions":[{"executionArn":"arn:e","stateMachineArn":"arn:s","name":"n","status":"SUCCEEDED",
            "startDate":1.7487795600E9,"stopDate":1748779561.5,"brandNewMember":{"x":1}}],"nextToken":"t1"}
            """;

        var response = JsonSerializer.Deserialize(json, StepFunctionsJsonContext.Default.ListExecutionsResponse)!;

        var item = Assert.Single(response.Executions);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1748779560), item.StartDate);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1748779561500), item.StopDate);
        Assert.Equal("t1", response.NextToken);
    }

    [Fact]
    public void A_missing_required_member_is_an_error_not_a_silent_null()
    {
        const string json = """{"executions":[{"executionArn":"arn:e","stateMachineArn":"arn:s","name":"n","startDate":1}]}""";

        var error = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize(json, StepFunctionsJsonContext.Default.ListExecutionsResponse));

        Assert.Contains("status", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Lambda_responses_are_PascalCase_with_string_LastModified_and_epoch_invoke_config_times()
    {
        const string functions = """
            {"Functions":[{"FunctionName":"f","FunctionArn":"arn:f","LastModified":"2025-05-30T10:11:12.345+0000",
            "DurableConfig":{"RetentionPeriodInDays":14,"ExecutionTimeout":900},"Environment":{"Variables":{"SECRET":"x"}}}],"NextMarker":"m"}
            """;
        const string configs = """
            {"FunctionEventInvokeConfigs":[{"LastModified":1748779560.042,"FunctionArn":"arn:f:$LATEST","MaximumRetryAttempts":0,
            "DestinationConfig":{"OnFailure":{"Destination":"arn:aws:sqs:us-east-1:1:dlq"}}}]}
            """;

        var listed = JsonSerializer.Deserialize(functions, LambdaJsonContext.Default.ListFunctionsResponse)!;
        var invoke = JsonSerializer.Deserialize(configs, LambdaJsonContext.Default.ListFunctionEventInvokeConfigsResponse)!;

        var function = Assert.Single(listed.Functions!);
        Assert.Equal("2025-05-30T10:11:12.345+0000", function.LastModified);
        Assert.True(function.IsDurable);
        Assert.Equal(14, function.DurableConfig!.RetentionPeriodInDays);
        var config = Assert.Single(invoke.FunctionEventInvokeConfigs!);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1748779560042), config.LastModified);
        Assert.Equal("arn:aws:sqs:us-east-1:1:dlq", config.DestinationConfig!.OnFailure!.DestinationArn);
        Assert.Null(config.DestinationConfig.OnSuccess);
    }

    [Fact]
    public void A_paused_durable_execution_keeps_every_member_of_the_newest_model()
    {
        const string json = """
            {"DurableExecutionArn":"a","DurableExecutionName":"n","FunctionArn":"f","Status":"PAUSED","StartTimestamp":1748779560,
            "ExecutionDataIncluded":true,"DurableConfig":{"KMSKeyArn":"arn:aws:kms:us-east-1:1:key/k","RetentionPeriodInDays":30,"ExecutionTimeout":900},
            "PauseDetails":{"PauseRequestTimestamp":1748779600.5,"Reason":"maintenance","ExecutionTimeoutPaused":true},
            "ExpectedExecutionTimeoutTimestamp":1780401960}
            """;

        var response = JsonSerializer.Deserialize(json, LambdaJsonContext.Default.GetDurableExecutionResponse)!;

        Assert.Equal(DurableExecutionStatus.Paused, response.Status);
        Assert.True(response.Status.IsOpen);
        Assert.Equal("arn:aws:kms:us-east-1:1:key/k", response.DurableConfig!.KMSKeyArn);
        Assert.Equal(30, response.DurableConfig.RetentionPeriodInDays);
        Assert.Equal(new DurablePauseDetails(DateTimeOffset.FromUnixTimeMilliseconds(1748779600500), true, "maintenance"), response.PauseDetails);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1780401960), response.ExpectedExecutionTimeoutTimestamp);
        Assert.True(response.ExecutionDataIncluded);
    }

    [Theory]
    [InlineData("RUNNING", true)]
    [InlineData("PENDING_REDRIVE", true)]
    [InlineData("SUCCEEDED", false)]
    [InlineData("FAILED", false)]
    [InlineData("TIMED_OUT", false)]
    [InlineData("ABORTED", false)]
    [InlineData("SOME_NEWER_STATUS", false)]
    public void Step_Functions_statuses_are_read_as_a_type_that_says_which_are_open(string status, bool open)
    {
        var json = $$"""{"executions":[{"executionArn":"arn:e","stateMachineArn":"arn:s","name":"n","status":"{{status}}","startDate":1}]}""";

        var item = Assert.Single(JsonSerializer.Deserialize(json, StepFunctionsJsonContext.Default.ListExecutionsResponse)!.Executions);

        Assert.Equal(status, item.Status.Value);
        Assert.Equal(open, item.Status.IsOpen);
        Assert.Equal($"\"{status}\"", JsonSerializer.Serialize(item.Status, StepFunctionsJsonContext.Default.ExecutionStatus));
    }

    [Theory]
    [InlineData("RUNNING", true)]
    [InlineData("PAUSING", true)]
    [InlineData("PAUSED", true)]
    [InlineData("DELETING", true)]
    [InlineData("SOME_NEWER_STATUS", true)]
    [InlineData("SUCCEEDED", false)]
    [InlineData("FAILED", false)]
    [InlineData("TIMED_OUT", false)]
    [InlineData("STOPPED", false)]
    public void Only_final_durable_statuses_are_closed_and_unknown_ones_are_read_not_rejected(string status, bool open)
    {
        var json = $$"""{"DurableExecutions":[{"DurableExecutionArn":"a","DurableExecutionName":"n","FunctionArn":"f","Status":"{{status}}","StartTimestamp":1}]}""";

        var item = Assert.Single(JsonSerializer.Deserialize(json, LambdaJsonContext.Default.ListDurableExecutionsByFunctionResponse)!.DurableExecutions!);

        Assert.Equal(status, item.Status.Value);
        Assert.Equal(open, item.Status.IsOpen);
        Assert.Equal(!open, item.Status.IsClosed);
    }

    [Fact]
    public void Durable_execution_with_an_ISO_timestamp_is_rejected_like_the_SDK_does()
    {
        var json = Encoding.UTF8.GetBytes("""
            {"DurableExecutionArn":"a","DurableExecutionName":"n","FunctionArn":"f","Status":"RUNNING","StartTimestamp":"2025-01-01T00:00:00Z"}
            """);

        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize(json, LambdaJsonContext.Default.GetDurableExecutionResponse));
    }
}
