using Analytics.Emulator.Http;
using Analytics.Emulator.Tests.Http.Support;
using static Analytics.Emulator.Tests.Http.Support.WireClient;

namespace Analytics.Emulator.Tests.Http;

public sealed class PageTokenTests
{
    private static readonly DateTimeOffset s_start = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);

    private static Task<EmulatorHost> StartAsync(ManualClock clock) =>
        EmulatorHost.StartAsync(new EmulatorOptions { Clock = clock, TokenTtl = TimeSpan.FromSeconds(30) });

    private static string Orders => FixedWorld.MachineArn("orders");

    [Fact]
    public async Task Step_Functions_tokens_expire_after_the_configured_time()
    {
        var clock = new ManualClock(s_start);
        await using var host = await StartAsync(clock);
        var token = (await host.Client.Sfn("ListExecutions", Json(("stateMachineArn", Orders)))).Json.GetProperty("nextToken").GetString();

        clock.Advance(TimeSpan.FromSeconds(29));
        var fresh = await host.Client.Sfn("ListExecutions", Json(("stateMachineArn", Orders), ("nextToken", token)));
        clock.Advance(TimeSpan.FromSeconds(2));
        var expired = await host.Client.Sfn("ListExecutions", Json(("stateMachineArn", Orders), ("nextToken", token)));

        Assert.Equal(200, fresh.Status);
        Assert.Equal(FixedWorld.OrderArn(100), fresh.Json.GetProperty("executions")[0].GetProperty("executionArn").GetString());
        StepFunctionsProtocolTests.AssertError(expired, "InvalidToken");
        Assert.Contains("expired", expired.Json.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lambda_markers_expire_after_the_configured_time()
    {
        var clock = new ManualClock(s_start);
        await using var host = await StartAsync(clock);
        var path = "/2025-12-01/functions/durable-orders/durable-executions";
        var marker = (await host.Client.Lambda(path)).Json.GetProperty("NextMarker").GetString()!;

        clock.Advance(TimeSpan.FromSeconds(31));
        var expired = await host.Client.Lambda($"{path}?Marker={Encode(marker)}");

        LambdaProtocolTests.AssertError(expired, 400, "InvalidParameterValueException");
    }

    [Fact]
    public async Task Altered_or_foreign_tokens_are_refused()
    {
        await using var host = await EmulatorHost.StartAsync();
        var token = (await host.Client.Sfn("ListExecutions", Json(("stateMachineArn", Orders)))).Json.GetProperty("nextToken").GetString()!;
        var bytes = Convert.FromBase64String(token);
        bytes[10] ^= 0x01; // the position field
        var altered = Convert.ToBase64String(bytes);

        StepFunctionsProtocolTests.AssertError(
            await host.Client.Sfn("ListExecutions", Json(("stateMachineArn", Orders), ("nextToken", altered))), "InvalidToken");
        StepFunctionsProtocolTests.AssertError(
            await host.Client.Sfn("ListExecutions", Json(("stateMachineArn", Orders), ("nextToken", "garbage!!"))), "InvalidToken");
        await using var otherSeed = await EmulatorHost.StartAsync(new EmulatorOptions { Seed = 99 });
        StepFunctionsProtocolTests.AssertError(
            await otherSeed.Client.Sfn("ListExecutions", Json(("stateMachineArn", Orders), ("nextToken", token))), "InvalidToken");
    }

    [Fact]
    public async Task A_token_used_with_changed_arguments_is_refused()
    {
        await using var host = await EmulatorHost.StartAsync();
        var token = (await host.Client.Sfn("ListExecutions", Json(("stateMachineArn", Orders)))).Json.GetProperty("nextToken").GetString()!;
        var historyToken = (await host.Client.Sfn("GetExecutionHistory",
            Json(("executionArn", FixedWorld.OrderArn(FixedWorld.BigHistoryOrder))))).Json.GetProperty("nextToken").GetString()!;

        var otherFilter = await host.Client.Sfn("ListExecutions", Json(("stateMachineArn", Orders), ("statusFilter", "FAILED"), ("nextToken", token)));
        var otherOperation = await host.Client.Sfn("ListStateMachines", Json(("nextToken", token)));
        var otherOrder = await host.Client.Sfn("GetExecutionHistory", Json(("executionArn", FixedWorld.OrderArn(FixedWorld.BigHistoryOrder)),
            ("reverseOrder", true), ("nextToken", historyToken)));
        var otherPageSize = await host.Client.Sfn("ListExecutions", Json(("stateMachineArn", Orders), ("maxResults", 7), ("nextToken", token)));

        StepFunctionsProtocolTests.AssertError(otherFilter, "InvalidToken");
        StepFunctionsProtocolTests.AssertError(otherOperation, "InvalidToken");
        StepFunctionsProtocolTests.AssertError(otherOrder, "InvalidToken");
        Assert.Equal(200, otherPageSize.Status); // page size may change between pages, as on AWS
        Assert.Equal(7, otherPageSize.Json.GetProperty("executions").GetArrayLength());
    }

    [Fact]
    public async Task A_Lambda_marker_used_with_changed_filters_is_refused()
    {
        await using var host = await EmulatorHost.StartAsync();
        var path = "/2025-12-01/functions/durable-orders/durable-executions";
        var marker = (await host.Client.Lambda(path + "?Statuses=SUCCEEDED")).Json.GetProperty("NextMarker").GetString()!;

        var changed = await host.Client.Lambda($"{path}?Statuses=FAILED&Marker={Encode(marker)}");
        var same = await host.Client.Lambda($"{path}?Statuses=SUCCEEDED&Marker={Encode(marker)}");

        LambdaProtocolTests.AssertError(changed, 400, "InvalidParameterValueException");
        Assert.Equal(200, same.Status);
    }
}
