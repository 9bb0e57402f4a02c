using System.Text.Json;
using Analytics.Emulator.Tests.Http.Support;
using static Analytics.Emulator.Tests.Http.Support.WireClient;

namespace Analytics.Emulator.Tests.Http;

public sealed class LambdaProtocolTests(SharedEmulator emulator) : IClassFixture<SharedEmulator>
{
    private WireClient Client => emulator.Host.Client;

    private FixedWorld World => emulator.Host.World;

    private static void AssertShape(WireResponse response, string shape)
    {
        Assert.True(response.Status == 200, $"HTTP {response.Status}: {response.Body}");
        Assert.Equal("application/json", response.ContentType);
        var problems = WireShapes.Lambda.Validate(response.Json, shape);
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    internal static void AssertError(WireResponse response, int status, string code)
    {
        Assert.True(response.Status == status, $"expected HTTP {status} {code}, got {response.Status}: {response.Body}");
        Assert.Equal(code, response.Header("X-Amzn-ErrorType"));
        var json = response.Json;
        Assert.True(json.TryGetProperty("Type", out _), response.Body);
        Assert.True(json.TryGetProperty("message", out _) || json.TryGetProperty("Message", out _), response.Body);
    }

    [Fact]
    public async Task Every_read_operation_answers_with_exactly_the_model_member_names()
    {
        var running = Encode(FixedWorld.DurableArn(0));
        AssertShape(await Client.Lambda("/2015-03-31/functions"), "ListFunctionsResponse");
        AssertShape(await Client.Lambda("/2015-03-31/functions/checkout/configuration"), "FunctionConfiguration");
        AssertShape(await Client.Lambda("/2015-03-31/functions/durable-orders/configuration"), "FunctionConfiguration");
        AssertShape(await Client.Lambda("/2019-09-25/functions/checkout/event-invoke-config/list"), "ListFunctionEventInvokeConfigsResponse");
        AssertShape(await Client.Lambda("/2025-12-01/functions/durable-orders/durable-executions"), "ListDurableExecutionsByFunctionResponse");
        for (var i = 0; i < 8; i++)
        {
            var arn = Encode(FixedWorld.DurableArn(i));
            AssertShape(await Client.Lambda($"/2025-12-01/durable-executions/{arn}"), "GetDurableExecutionResponse");
            AssertShape(await Client.Lambda($"/2025-12-01/durable-executions/{arn}/history"), "GetDurableExecutionHistoryResponse");
        }
        var token = Encode(FixedWorld.CheckpointToken(World.DurableOrder(0)));
        AssertShape(await Client.Lambda($"/2025-12-01/durable-executions/{running}/state?CheckpointToken={token}"),
            "GetDurableExecutionStateResponse");
    }

    [Fact]
    public async Task ListFunctions_accepts_the_trailing_slash_and_leaves_out_state_members()
    {
        var plain = await Client.Lambda("/2015-03-31/functions");
        var slash = await Client.Lambda("/2015-03-31/functions/");

        Assert.Equal(plain.Json.GetProperty("Functions").GetRawText(), slash.Json.GetProperty("Functions").GetRawText());
        foreach (var function in plain.Json.GetProperty("Functions").EnumerateArray())
        {
            Assert.All(WireShapes.NotInListFunctions, m => Assert.False(function.TryGetProperty(m, out _), m));
        }
        var single = (await Client.Lambda("/2015-03-31/functions/checkout/configuration")).Json;
        Assert.Equal("Active", single.GetProperty("State").GetString());
    }

    [Fact]
    public async Task ListFunctions_never_returns_more_than_50_per_page()
    {
        var page = (await Client.Lambda("/2015-03-31/functions?MaxItems=1000")).Json;

        Assert.Equal(50, page.GetProperty("Functions").GetArrayLength());
        Assert.True(page.TryGetProperty("NextMarker", out _));
    }

    [Fact]
    public async Task Function_LastModified_is_a_string_but_invoke_config_LastModified_is_epoch_seconds()
    {
        var function = (await Client.Lambda("/2015-03-31/functions/checkout/configuration")).Json;
        var configs = (await Client.Lambda("/2019-09-25/functions/checkout/event-invoke-config/list")).Json
            .GetProperty("FunctionEventInvokeConfigs");

        Assert.Equal(JsonValueKind.String, function.GetProperty("LastModified").ValueKind);
        Assert.Equal(3, configs.GetArrayLength());
        Assert.Equal(JsonValueKind.Number, configs[0].GetProperty("LastModified").ValueKind);
        Assert.Equal(World.Functions[0].EventInvokeConfigs[0].LastModified.ToUnixTimeSeconds(), configs[0].GetProperty("LastModified").GetDecimal());
    }

    [Fact]
    public async Task Durable_function_configuration_carries_DurableConfig()
    {
        var durable = (await Client.Lambda("/2015-03-31/functions/durable-orders/configuration")).Json;
        var plain = (await Client.Lambda("/2015-03-31/functions/checkout/configuration")).Json;

        Assert.Equal(14, durable.GetProperty("DurableConfig").GetProperty("RetentionPeriodInDays").GetInt32());
        Assert.False(plain.TryGetProperty("DurableConfig", out _));
    }

    [Fact]
    public async Task Labels_are_split_on_slash_before_percent_decoding()
    {
        var arn = FixedWorld.DurableArn(4);

        var encoded = await Client.Lambda($"/2025-12-01/durable-executions/{Encode(arn)}");
        var unencodedSlashes = await Client.Lambda($"/2025-12-01/durable-executions/{arn}");
        var byFunctionArn = await Client.Lambda($"/2015-03-31/functions/{Encode(FixedWorld.FunctionArn("checkout"))}/configuration");

        Assert.Equal(arn, encoded.Json.GetProperty("DurableExecutionArn").GetString());
        AssertError(unencodedSlashes, 404, "UnknownOperationException");
        Assert.Equal("checkout", byFunctionArn.Json.GetProperty("FunctionName").GetString());
    }

    [Fact]
    public async Task Durable_listing_filters_by_status_name_qualifier_and_start_window()
    {
        var all = Enumerable.Range(0, FixedWorld.DurableOrders).Select(World.DurableOrder).ToList();
        var after = all[600].StartTimestamp;
        var before = all[100].StartTimestamp;

        var failedOrStopped = await CollectDurableAsync("Statuses=FAILED&Statuses=STOPPED&MaxItems=1000");
        var byName = await CollectDurableAsync("DurableExecutionName=run-00042");
        var version1 = await CollectDurableAsync("Qualifier=1&MaxItems=1000");
        var window = await CollectDurableAsync($"StartedAfter={Encode(Iso(after))}&StartedBefore={Encode(Iso(before))}&MaxItems=1000");

        Assert.Equal(all.Where(e => e.Status is "FAILED" or "STOPPED").Select(e => e.DurableExecutionArn), failedOrStopped);
        Assert.Equal([FixedWorld.DurableArn(42)], byName);
        Assert.Equal(all.Where(e => e.Version == "1").Select(e => e.DurableExecutionArn), version1);
        Assert.Equal(all.Where(e => e.StartTimestamp >= after && e.StartTimestamp < before).Select(e => e.DurableExecutionArn), window);
        Assert.Equal(500, window.Count);
    }

    [Fact]
    public async Task Durable_listing_in_reverse_order_is_oldest_first()
    {
        var newestFirst = await CollectDurableAsync("MaxItems=1000");
        var oldestFirst = await CollectDurableAsync("ReverseOrder=true&MaxItems=1000");

        Assert.Equal(FixedWorld.DurableOrders, newestFirst.Count);
        Assert.Equal(newestFirst.AsEnumerable().Reverse(), oldestFirst);
    }

    [Fact]
    public async Task GetDurableExecution_without_execution_data_leaves_payloads_out()
    {
        var arn = Encode(FixedWorld.DurableArn(5));
        var full = (await Client.Lambda($"/2025-12-01/durable-executions/{arn}")).Json;
        var bare = (await Client.Lambda($"/2025-12-01/durable-executions/{arn}?IncludeExecutionData=false")).Json;

        Assert.Equal("SUCCEEDED", full.GetProperty("Status").GetString());
        Assert.True(full.TryGetProperty("Result", out _));
        Assert.True(full.GetProperty("ExecutionDataIncluded").GetBoolean());
        Assert.False(bare.TryGetProperty("Result", out _));
        Assert.False(bare.TryGetProperty("InputPayload", out _));
        Assert.False(bare.GetProperty("ExecutionDataIncluded").GetBoolean());
    }

    [Fact]
    public async Task Durable_history_reverse_order_is_newest_first()
    {
        var arn = Encode(FixedWorld.DurableArn(7));
        var forward = (await Client.Lambda($"/2025-12-01/durable-executions/{arn}/history")).Json.GetProperty("Events");
        var reverse = (await Client.Lambda($"/2025-12-01/durable-executions/{arn}/history?ReverseOrder=true")).Json.GetProperty("Events");

        var ids = forward.EnumerateArray().Select(e => e.GetProperty("EventId").GetInt32()).ToList();
        Assert.Equal(Enumerable.Range(1, ids.Count), ids);
        Assert.Equal(ids.AsEnumerable().Reverse(), reverse.EnumerateArray().Select(e => e.GetProperty("EventId").GetInt32()));
    }

    [Fact]
    public async Task GetDurableExecutionState_requires_the_current_checkpoint_token()
    {
        var running = World.DurableOrder(1);
        var closed = World.DurableOrder(4);
        var path = $"/2025-12-01/durable-executions/{Encode(running.DurableExecutionArn)}/state";

        AssertError(await Client.Lambda(path), 400, "InvalidParameterValueException");
        AssertError(await Client.Lambda(path + "?CheckpointToken=stale"), 400, "InvalidParameterValueException");
        AssertError(await Client.Lambda($"/2025-12-01/durable-executions/{Encode(closed.DurableExecutionArn)}/state?CheckpointToken="
            + Encode(FixedWorld.CheckpointToken(closed))), 400, "InvalidParameterValueException");
        var ok = await Client.Lambda(path + "?CheckpointToken=" + Encode(FixedWorld.CheckpointToken(running)));
        Assert.Equal(200, ok.Status);
        Assert.Equal("EXECUTION", ok.Json.GetProperty("Operations")[0].GetProperty("Type").GetString());
    }

    [Fact]
    public async Task Errors_carry_the_code_header_type_and_status_of_the_model()
    {
        var missingFunction = await Client.Lambda("/2015-03-31/functions/nope/configuration");
        var missingExecution = await Client.Lambda($"/2025-12-01/durable-executions/{Encode(FixedWorld.DurableArn(0).Replace("run-00000", "run-99999", StringComparison.Ordinal))}");
        var badMaxItems = await Client.Lambda("/2025-12-01/functions/durable-orders/durable-executions?MaxItems=1001");
        var badStatus = await Client.Lambda("/2025-12-01/functions/durable-orders/durable-executions?Statuses=DONE");
        var badDate = await Client.Lambda("/2025-12-01/functions/durable-orders/durable-executions?StartedAfter=yesterday");
        var badInvokeConfigMax = await Client.Lambda("/2019-09-25/functions/checkout/event-invoke-config/list?MaxItems=51");
        var unknownPath = await Client.Lambda("/2015-03-31/functions/checkout/policy");

        AssertError(missingFunction, 404, "ResourceNotFoundException");
        Assert.Equal("User", missingFunction.Json.GetProperty("Type").GetString());
        Assert.Contains("function:nope", missingFunction.Json.GetProperty("Message").GetString(), StringComparison.Ordinal);
        AssertError(missingExecution, 404, "ResourceNotFoundException");
        AssertError(badMaxItems, 400, "InvalidParameterValueException");
        AssertError(badStatus, 400, "InvalidParameterValueException");
        AssertError(badDate, 400, "InvalidParameterValueException");
        AssertError(badInvokeConfigMax, 400, "InvalidParameterValueException");
        AssertError(unknownPath, 404, "UnknownOperationException");
    }

    private async Task<List<string>> CollectDurableAsync(string query)
    {
        var arns = new List<string>();
        string? marker = null;
        do
        {
            var response = await Client.Lambda("/2025-12-01/functions/durable-orders/durable-executions?" + query
                + (marker is null ? "" : "&Marker=" + Encode(marker)));
            Assert.True(response.Status == 200, response.Body);
            var json = response.Json;
            arns.AddRange(json.GetProperty("DurableExecutions").EnumerateArray().Select(e => e.GetProperty("DurableExecutionArn").GetString()!));
            marker = json.TryGetProperty("NextMarker", out var next) ? next.GetString() : null;
        }
        while (marker is not null);
        return arns;
    }
}
