using System.Text.Json;
using Analytics.Emulator.Tests.Http.Support;
using static Analytics.Emulator.Tests.Http.Support.WireClient;

namespace Analytics.Emulator.Tests.Http;

public sealed class StepFunctionsProtocolTests(SharedEmulator emulator) : IClassFixture<SharedEmulator>
{
    private WireClient Client => emulator.Host.Client;

    private static void AssertShape(WireResponse response, string shape)
    {
        Assert.True(response.Status == 200, $"HTTP {response.Status}: {response.Body}");
        Assert.Equal("application/x-amz-json-1.0", response.ContentType);
        var problems = WireShapes.StepFunctions.Validate(response.Json, shape);
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public async Task Every_read_operation_answers_with_exactly_the_model_member_names()
    {
        var orders = FixedWorld.MachineArn("orders");
        AssertShape(await Client.Sfn("ListStateMachines", "{}"), "ListStateMachinesOutput");
        AssertShape(await Client.Sfn("DescribeStateMachine", Json(("stateMachineArn", orders))), "DescribeStateMachineOutput");
        AssertShape(await Client.Sfn("ListExecutions", Json(("stateMachineArn", orders), ("maxResults", 1000))), "ListExecutionsOutput");
        foreach (var arn in new[] { FixedWorld.OrderArn(0), FixedWorld.OrderArn(7), FixedWorld.OrderArn(10), FixedWorld.ExpressChildArn(3) })
        {
            AssertShape(await Client.Sfn("DescribeExecution", Json(("executionArn", arn))), "DescribeExecutionOutput");
        }
        AssertShape(await Client.Sfn("DescribeStateMachineForExecution", Json(("executionArn", FixedWorld.OrderArn(5)))),
            "DescribeStateMachineForExecutionOutput");
        AssertShape(await Client.Sfn("DescribeStateMachineForExecution", Json(("executionArn", FixedWorld.StandardChildArn(1)))),
            "DescribeStateMachineForExecutionOutput");
        for (var i = 0; i < 12; i++)
        {
            AssertShape(await Client.Sfn("GetExecutionHistory", Json(("executionArn", FixedWorld.OrderArn(i)))), "GetExecutionHistoryOutput");
        }
        AssertShape(await Client.Sfn("ListMapRuns", Json(("executionArn", FixedWorld.BatchExecutionArn))), "ListMapRunsOutput");
        AssertShape(await Client.Sfn("DescribeMapRun", Json(("mapRunArn", FixedWorld.ExpressMapRunArn))), "DescribeMapRunOutput");
        AssertShape(await Client.Sfn("ListExecutions", Json(("mapRunArn", FixedWorld.ExpressMapRunArn))), "ListExecutionsOutput");
    }

    [Fact]
    public async Task Timestamps_are_epoch_seconds_with_millisecond_fractions()
    {
        var execution = emulator.Host.World.Order(7);
        var json = (await Client.Sfn("DescribeExecution", Json(("executionArn", execution.ExecutionArn)))).Json;

        var start = json.GetProperty("startDate");
        Assert.Equal(JsonValueKind.Number, start.ValueKind);
        Assert.Equal(execution.StartDate.ToUnixTimeMilliseconds() / 1000m, start.GetDecimal());
        Assert.Equal(execution.StopDate!.Value.ToUnixTimeMilliseconds() / 1000m, json.GetProperty("stopDate").GetDecimal());
        Assert.Contains(".", start.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DescribeExecution_omits_absent_members_instead_of_sending_null()
    {
        var running = (await Client.Sfn("DescribeExecution", Json(("executionArn", FixedWorld.OrderArn(0))))).Json;

        Assert.Equal("RUNNING", running.GetProperty("status").GetString());
        Assert.False(running.TryGetProperty("stopDate", out _));
        Assert.False(running.TryGetProperty("output", out _));
        Assert.False(running.TryGetProperty("redriveDate", out _));
        Assert.Equal(0, running.GetProperty("redriveCount").GetInt32());
        Assert.DoesNotContain("null", (await Client.Sfn("DescribeExecution", Json(("executionArn", FixedWorld.OrderArn(0))))).Body,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task DescribeExecution_with_metadata_only_leaves_out_input_and_output()
    {
        var json = (await Client.Sfn("DescribeExecution",
            Json(("executionArn", FixedWorld.OrderArn(7)), ("includedData", "METADATA_ONLY")))).Json;

        Assert.Equal("SUCCEEDED", json.GetProperty("status").GetString());
        Assert.False(json.TryGetProperty("input", out _));
        Assert.False(json.TryGetProperty("output", out _));
    }

    [Fact]
    public async Task ListExecutions_filters_by_status_and_redrive_state()
    {
        var world = emulator.Host.World;
        var orders = FixedWorld.MachineArn("orders");

        var failed = await CollectAsync("ListExecutions", Json(("stateMachineArn", orders), ("statusFilter", "FAILED"), ("maxResults", 1000)), "executions");
        var redriven = await CollectAsync("ListExecutions", Json(("stateMachineArn", orders), ("redriveFilter", "REDRIVEN"), ("maxResults", 1000)), "executions");

        var expectedFailed = Enumerable.Range(0, FixedWorld.OrderExecutions).Select(world.Order).Where(e => e.Status == "FAILED").ToList();
        var expectedRedriven = Enumerable.Range(0, FixedWorld.OrderExecutions).Select(world.Order).Where(e => e.RedriveCount > 0).ToList();
        Assert.Equal(expectedFailed.Select(e => e.ExecutionArn), failed.Select(e => e.GetProperty("executionArn").GetString()));
        Assert.Equal(expectedRedriven.Select(e => e.ExecutionArn), redriven.Select(e => e.GetProperty("executionArn").GetString()));
        Assert.NotEmpty(expectedRedriven);
        Assert.All(redriven, e => Assert.True(e.TryGetProperty("redriveDate", out _)));
    }

    [Fact]
    public async Task ListExecutions_by_map_run_returns_express_children_with_map_run_members()
    {
        var children = await CollectAsync("ListExecutions", Json(("mapRunArn", FixedWorld.ExpressMapRunArn), ("maxResults", 10)), "executions");

        Assert.Equal(FixedWorld.ExpressChildren, children.Count);
        Assert.All(children, c => Assert.Equal(FixedWorld.ExpressMapRunArn, c.GetProperty("mapRunArn").GetString()));
        Assert.All(children, c => Assert.Equal(1, c.GetProperty("itemCount").GetInt32()));
        var byStateMachine = (await Client.Sfn("ListExecutions", Json(("stateMachineArn", FixedWorld.MachineArn("batch"))))).Json;
        Assert.All(byStateMachine.GetProperty("executions").EnumerateArray(), e => Assert.False(e.TryGetProperty("mapRunArn", out _)));
    }

    [Fact]
    public async Task Express_state_machines_are_refused_where_AWS_refuses_them()
    {
        var listExpress = await Client.Sfn("ListExecutions", Json(("stateMachineArn", FixedWorld.MachineArn("ingest"))));
        var historyOfExpressChild = await Client.Sfn("GetExecutionHistory", Json(("executionArn", FixedWorld.ExpressChildArn(0))));
        var machineOfExpressChild = await Client.Sfn("DescribeStateMachineForExecution", Json(("executionArn", FixedWorld.ExpressChildArn(0))));
        var describeExpressChild = await Client.Sfn("DescribeExecution", Json(("executionArn", FixedWorld.ExpressChildArn(0))));

        AssertError(listExpress, "StateMachineTypeNotSupported");
        AssertError(historyOfExpressChild, "InvalidArn");
        AssertError(machineOfExpressChild, "InvalidArn");
        Assert.Equal(200, describeExpressChild.Status);
        Assert.Equal(FixedWorld.ExpressMapRunArn, describeExpressChild.Json.GetProperty("mapRunArn").GetString());
    }

    [Fact]
    public async Task ListExecutions_argument_rules_give_validation_errors()
    {
        var both = await Client.Sfn("ListExecutions",
            Json(("stateMachineArn", FixedWorld.MachineArn("batch")), ("mapRunArn", FixedWorld.ExpressMapRunArn)));
        var neither = await Client.Sfn("ListExecutions", "{}");
        var pendingRedriveByMachine = await Client.Sfn("ListExecutions",
            Json(("stateMachineArn", FixedWorld.MachineArn("orders")), ("statusFilter", "PENDING_REDRIVE")));
        var pendingRedriveByMapRun = await Client.Sfn("ListExecutions",
            Json(("mapRunArn", FixedWorld.ExpressMapRunArn), ("statusFilter", "PENDING_REDRIVE")));
        var badStatus = await Client.Sfn("ListExecutions",
            Json(("stateMachineArn", FixedWorld.MachineArn("orders")), ("statusFilter", "DONE")));
        var labelled = await Client.Sfn("ListExecutions", Json(("stateMachineArn", FixedWorld.MachineArn("batch/Process"))));

        AssertError(both, "ValidationException");
        AssertError(neither, "ValidationException");
        AssertError(pendingRedriveByMachine, "ValidationException");
        Assert.Equal(200, pendingRedriveByMapRun.Status);
        AssertError(badStatus, "ValidationException");
        AssertError(labelled, "ValidationException");
        Assert.Equal("API_DOES_NOT_SUPPORT_LABELED_ARNS", labelled.Json.GetProperty("reason").GetString());
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(1001)]
    public async Task MaxResults_outside_0_to_1000_is_a_validation_error(int maxResults)
    {
        var response = await Client.Sfn("ListStateMachines", Json(("maxResults", maxResults)));

        AssertError(response, "ValidationException");
    }

    [Fact]
    public async Task MaxResults_0_or_absent_means_pages_of_100()
    {
        var orders = FixedWorld.MachineArn("orders");
        var zero = (await Client.Sfn("ListExecutions", Json(("stateMachineArn", orders), ("maxResults", 0)))).Json;
        var absent = (await Client.Sfn("ListExecutions", Json(("stateMachineArn", orders)))).Json;

        Assert.Equal(100, zero.GetProperty("executions").GetArrayLength());
        Assert.Equal(100, absent.GetProperty("executions").GetArrayLength());
        Assert.True(absent.TryGetProperty("nextToken", out _));
    }

    [Fact]
    public async Task Unknown_resources_get_their_modelled_errors()
    {
        var prefix = $"arn:aws:states:us-east-1:{FixedWorld.Account}";
        AssertError(await Client.Sfn("DescribeStateMachine", Json(("stateMachineArn", $"{prefix}:stateMachine:nope"))), "StateMachineDoesNotExist");
        AssertError(await Client.Sfn("DescribeExecution", Json(("executionArn", $"{prefix}:execution:orders:nope"))), "ExecutionDoesNotExist");
        AssertError(await Client.Sfn("GetExecutionHistory", Json(("executionArn", $"{prefix}:execution:orders:nope"))), "ExecutionDoesNotExist");
        AssertError(await Client.Sfn("DescribeMapRun", Json(("mapRunArn", $"{prefix}:mapRun:batch/Process:nope"))), "ResourceNotFound");
        AssertError(await Client.Sfn("DescribeExecution", Json(("executionArn", "not-an-arn"))), "InvalidArn");
        AssertError(await Client.Sfn("DescribeExecution", Json(("executionArn", FixedWorld.MachineArn("orders")))), "InvalidArn");
        AssertError(await Client.Sfn("DescribeExecution", "{}"), "ValidationException");
    }

    [Fact]
    public async Task Errors_carry_a_namespaced_type_and_message_on_HTTP_400()
    {
        var response = await Client.Sfn("DescribeExecution", Json(("executionArn", $"arn:aws:states:us-east-1:{FixedWorld.Account}:execution:orders:nope")));

        Assert.Equal(400, response.Status);
        Assert.Equal("application/x-amz-json-1.0", response.ContentType);
        Assert.Equal("com.amazonaws.swf.service.v2.model#ExecutionDoesNotExist", response.Json.GetProperty("__type").GetString());
        Assert.Contains("nope", response.Json.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.NotNull(response.Header("x-amzn-RequestId"));
    }

    [Fact]
    public async Task Unknown_operations_malformed_bodies_and_wrong_member_types_are_refused()
    {
        AssertError(await Client.Sfn("StartExecution", "{}"), "UnknownOperationException");
        AssertError(await Client.Sfn("ListStateMachines", "{not json"), "SerializationException");
        AssertError(await Client.Sfn("ListStateMachines", "[]"), "SerializationException");
        AssertError(await Client.Sfn("ListStateMachines", Json(("maxResults", "ten"))), "SerializationException");
        AssertError(await Client.Sfn("ListStateMachines", "{}", m => m.Headers.Remove("X-Amz-Target")), "UnknownOperationException");
    }

    [Fact]
    public async Task History_in_reverse_order_and_without_execution_data()
    {
        var arn = FixedWorld.OrderArn(7);
        var forward = (await Client.Sfn("GetExecutionHistory", Json(("executionArn", arn)))).Json.GetProperty("events");
        var reverse = (await Client.Sfn("GetExecutionHistory", Json(("executionArn", arn), ("reverseOrder", true)))).Json.GetProperty("events");
        var bare = (await Client.Sfn("GetExecutionHistory", Json(("executionArn", arn), ("includeExecutionData", false)))).Body;

        var ids = forward.EnumerateArray().Select(e => e.GetProperty("id").GetInt64()).ToList();
        Assert.Equal(ids.AsEnumerable().Reverse(), reverse.EnumerateArray().Select(e => e.GetProperty("id").GetInt64()));
        Assert.Equal("ExecutionStarted", forward[0].GetProperty("type").GetString());
        Assert.Contains("\"input\"", forward[0].GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain("\"input\"", bare, StringComparison.Ordinal);
        Assert.DoesNotContain("\"output\"", bare, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Non_step_functions_paths_and_methods_get_unknown_operation()
    {
        var message = new HttpRequestMessage(HttpMethod.Get, Client.BaseUrl);
        message.Headers.TryAddWithoutValidation("Authorization", FakeAuthorization("states"));
        var get = await Client.SendAsync(message);

        Assert.Equal(400, get.Status);
        Assert.Equal("UnknownOperationException", get.SfnErrorCode);
    }

    private async Task<List<JsonElement>> CollectAsync(string operation, string firstBody, string member)
    {
        var items = new List<JsonElement>();
        var body = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(firstBody)!;
        while (true)
        {
            var response = await Client.Sfn(operation, JsonSerializer.Serialize(body));
            Assert.True(response.Status == 200, response.Body);
            var json = response.Json;
            items.AddRange(json.GetProperty(member).EnumerateArray().Select(e => e.Clone()));
            if (!json.TryGetProperty("nextToken", out var token))
            {
                return items;
            }
            body["nextToken"] = token.Clone();
        }
    }

    internal static void AssertError(WireResponse response, string code)
    {
        Assert.True(response.Status == 400, $"expected HTTP 400 {code}, got {response.Status}: {response.Body}");
        Assert.Equal(code, response.SfnErrorCode);
        Assert.False(string.IsNullOrEmpty(response.Json.GetProperty("message").GetString()));
    }
}
