using Analytics.Emulator.World;

namespace Analytics.Emulator.Tests.Http.Support;

internal sealed partial class FixedWorld
{
    private static readonly string[] s_durableClosed = ["SUCCEEDED", "SUCCEEDED", "FAILED", "TIMED_OUT", "STOPPED", "SUCCEEDED"];

    private readonly List<FunctionRecord> _functions = [];

    public IReadOnlyList<FunctionRecord> Functions => _functions;

    public ILogs Logs => NoLogs.Instance;

    public static string FunctionArn(string name) => $"arn:aws:lambda:us-east-1:{Account}:function:{name}";

    public static string DurableArn(int i) =>
        $"{FunctionArn("durable-orders")}:{(i % 3 == 0 ? "1" : "$LATEST")}/durable-execution/run-{i:D5}/{i:x8}";

    public FunctionRecord? FindFunction(string functionNameOrArn)
    {
        var name = functionNameOrArn;
        if (name.StartsWith("arn:", StringComparison.Ordinal))
        {
            var parts = name.Split(':');
            name = parts.Length >= 7 && parts[5] == "function" ? parts[6] : "";
        }
        return _functions.FirstOrDefault(f => f.FunctionName == name);
    }

    public IPagedList<DurableExecutionRecord> ListDurableExecutions(string functionName) => functionName switch
    {
        "durable-orders" => new ComputedList<DurableExecutionRecord>(DurableOrders, DurableOrder),
        _ => new ComputedList<DurableExecutionRecord>(0, _ => throw new InvalidOperationException()),
    };

    public DurableExecutionRecord? FindDurableExecution(string durableExecutionArn)
    {
        var marker = "/durable-execution/run-";
        var at = durableExecutionArn.IndexOf(marker, StringComparison.Ordinal);
        if (at < 0 || !int.TryParse(durableExecutionArn.AsSpan(at + marker.Length, 5), out var index) || index >= DurableOrders)
        {
            return null;
        }
        return DurableArn(index) == durableExecutionArn ? DurableOrder(index) : null;
    }

    public IHistorySource? GetDurableExecutionHistory(string durableExecutionArn) =>
        FindDurableExecution(durableExecutionArn) is { } execution ? DurableHistory(execution) : null;

    public IHistorySource? GetDurableExecutionState(string durableExecutionArn) =>
        FindDurableExecution(durableExecutionArn) is { } execution ? DurableOperations(execution) : null;

    public bool IsValidCheckpointToken(string durableExecutionArn, string checkpointToken) =>
        FindDurableExecution(durableExecutionArn) is { Status: "RUNNING" } execution
        && checkpointToken == CheckpointToken(execution);

    public static string CheckpointToken(DurableExecutionRecord execution) => "ckpt-" + execution.DurableExecutionName;

    /// <summary>The i-th (newest first) durable execution of `durable-orders`.</summary>
    public DurableExecutionRecord DurableOrder(int i)
    {
        var start = Now - TimeSpan.FromMinutes(7 * (i + 1)) + TimeSpan.FromMilliseconds(i % 997);
        var status = i < 3 ? "RUNNING" : s_durableClosed[i % s_durableClosed.Length];
        DateTimeOffset? end = status == "RUNNING" ? null : start + TimeSpan.FromMilliseconds((1000 * ((i % 11) + 1)) + 500);
        var error = status is "FAILED" or "TIMED_OUT" or "STOPPED"
            ? new DurableErrorRecord("PaymentError", "card declined", "{\"code\":7}", ["at charge (index.js:10)"])
            : null;
        return new DurableExecutionRecord(DurableArn(i), $"run-{i:D5}", FunctionArn("durable-orders") + (i % 3 == 0 ? ":1" : ":$LATEST"),
            status, start, end, i % 3 == 0 ? "1" : "$LATEST", $"{{\"order\":{i}}}", status == "SUCCEEDED" ? "{\"ok\":true}" : null, error);
    }

    private void BuildFunctions()
    {
        var modified = Now - TimeSpan.FromDays(3);
        for (var i = 0; i < FunctionCount; i++)
        {
            var name = i switch { 0 => "checkout", 1 => "durable-orders", 2 => "durable-reports", _ => $"fn-{i:D3}" };
            var arn = FunctionArn(name);
            var configs = i switch
            {
                0 => new List<EventInvokeConfigRecord>
                {
                    new(arn + ":$LATEST", modified, 2, 3600, null, $"arn:aws:sqs:us-east-1:{Account}:checkout-dlq"),
                    new(arn + ":1", modified.AddMinutes(1), 0, null, $"arn:aws:sns:us-east-1:{Account}:ok", null),
                    new(arn + ":live", modified.AddMinutes(2), 1, 60, null, null),
                },
                3 => [new(arn + ":$LATEST", modified, 1, 21600, null, null)],
                _ => [],
            };
            _functions.Add(new FunctionRecord(name, arn, "nodejs22.x", $"arn:aws:iam::{Account}:role/{name}", "index.handler",
                1024 + i, i == 4 ? null : $"{name} function", 30, 512, "2026-11-17T12:00:00.000+0000",
                "dGVzdC1jb2RlLXNoYTI1Ng==", "$LATEST", i is 1 or 2 ? new DurableConfigRecord(14, 86400) : null, configs));
        }
    }
}
