using System.Globalization;
using Analytics.Emulator.World;

namespace Analytics.Emulator.Tests.Http.Support;

/// <summary>
/// A hand-written world for the protocol tests: records are computed from their index, so the tests know every
/// count without asking the endpoint. Step Functions: twelve state machines, `orders` with 2,345 executions (one with
/// a 2,500-event history), EXPRESS `ingest`, `batch` whose first execution ran two Distributed Map runs (57 EXPRESS
/// children, 9 STANDARD children). Lambda: 60 functions, `durable-orders` with 1,234 durable executions.
/// </summary>
internal sealed partial class FixedWorld : IWorld
{
    public const string Account = "123456789012";
    public const int OrderExecutions = 2345;
    public const int BigHistoryOrder = 3;
    public const int BigHistoryEvents = 2500;
    public const int ExpressChildren = 57;
    public const int StandardChildren = 9;
    public const int FunctionCount = 60;
    public const int DurableOrders = 1234;
    public const int BigDurableHistory = 5;
    public const int BigDurableHistoryEvents = 1500;

    private static readonly string[] s_closedStatuses =
        ["SUCCEEDED", "SUCCEEDED", "FAILED", "SUCCEEDED", "TIMED_OUT", "ABORTED", "SUCCEEDED"];

    private readonly Dictionary<string, StateMachineRecord> _machines = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ExecutionRecord> _smallExecutions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<ExecutionRecord>> _executionsByMachine = new(StringComparer.Ordinal);
    private readonly Dictionary<string, MapRunRecord> _mapRuns = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<ExecutionRecord>> _mapRunChildren = new(StringComparer.Ordinal);
    private readonly List<StateMachineRecord> _topLevel = [];

    public FixedWorld()
    {
        AddMachine("orders", "STANDARD", null);
        AddMachine("ingest", "EXPRESS", null);
        AddMachine("batch", "STANDARD", null);
        for (var i = 3; i < 12; i++)
        {
            AddMachine($"sm-{i:D2}", "STANDARD", null);
        }
        BuildBatch();
        BuildFunctions();
    }

    public string Region => "us-east-1";

    public string AccountId => Account;

    public DateTimeOffset Now { get; } = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);

    public IReadOnlyList<StateMachineRecord> StateMachines => _topLevel;

    public static string MachineArn(string name) => $"arn:aws:states:us-east-1:{Account}:stateMachine:{name}";

    public static string OrderArn(int index) => $"arn:aws:states:us-east-1:{Account}:execution:orders:order-{index:D5}";

    public StateMachineRecord? FindStateMachine(string stateMachineArn) => _machines.GetValueOrDefault(stateMachineArn);

    public IPagedList<ExecutionRecord> ListExecutions(string stateMachineArn)
    {
        if (stateMachineArn == MachineArn("orders"))
        {
            return new ComputedList<ExecutionRecord>(OrderExecutions, Order);
        }
        var list = _executionsByMachine.GetValueOrDefault(stateMachineArn) ?? [];
        return new ComputedList<ExecutionRecord>(list.Count, i => list[i]);
    }

    public IPagedList<ExecutionRecord> ListMapRunExecutions(string mapRunArn)
    {
        var list = _mapRunChildren.GetValueOrDefault(mapRunArn) ?? [];
        return new ComputedList<ExecutionRecord>(list.Count, i => list[i]);
    }

    public ExecutionRecord? FindExecution(string executionArn)
    {
        var prefix = OrderArn(0)[..^5];
        if (executionArn.StartsWith(prefix, StringComparison.Ordinal)
            && int.TryParse(executionArn.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            && index < OrderExecutions && executionArn == OrderArn(index))
        {
            return Order(index);
        }
        return _smallExecutions.GetValueOrDefault(executionArn);
    }

    public IHistorySource? GetExecutionHistory(string executionArn)
    {
        var execution = FindExecution(executionArn);
        if (execution is null || execution.IsExpress)
        {
            return null;
        }
        var count = executionArn == OrderArn(BigHistoryOrder) ? BigHistoryEvents : 5 + (int)(execution.StartDate.ToUnixTimeMilliseconds() % 7);
        return StepFunctionsHistory(execution, count);
    }

    public IReadOnlyList<MapRunRecord> ListMapRuns(string executionArn) =>
        _mapRuns.Values.Where(r => r.ExecutionArn == executionArn).ToList();

    public MapRunRecord? FindMapRun(string mapRunArn) => _mapRuns.GetValueOrDefault(mapRunArn);

    /// <summary>The i-th (newest first) execution of `orders`: four RUNNING, then closed ones, some redriven.</summary>
    public ExecutionRecord Order(int i)
    {
        var start = Now - TimeSpan.FromMinutes(10 * (i + 1)) + TimeSpan.FromMilliseconds(i % 1000);
        var status = i < 4 ? "RUNNING" : s_closedStatuses[i % s_closedStatuses.Length];
        DateTimeOffset? stop = status == "RUNNING" ? null : start + TimeSpan.FromMilliseconds(1000 * ((i % 13) + 1) + 123);
        var redriven = status == "SUCCEEDED" && i % 50 == 10;
        return new ExecutionRecord(OrderArn(i), MachineArn("orders"), $"order-{i:D5}", status, start, stop,
            $"{{\"order\":{i}}}", status == "SUCCEEDED" ? $"{{\"ok\":{i}}}" : null,
            status is "FAILED" or "TIMED_OUT" or "ABORTED" ? "States.TaskFailed" : null,
            status is "FAILED" ? "payment declined" : null,
            null, null, redriven ? 1 : 0, redriven ? start + TimeSpan.FromMinutes(1) : null,
            status == "RUNNING" || status == "SUCCEEDED" ? "NOT_REDRIVABLE" : "REDRIVABLE", false);
    }

    private const string PassDefinition = "{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}}";

    private const string DistributedMapDefinition = "{\"StartAt\":\"Process\",\"States\":{\"Process\":{\"Type\":\"Map\","
        + "\"ItemProcessor\":{\"ProcessorConfig\":{\"Mode\":\"DISTRIBUTED\",\"ExecutionType\":\"EXPRESS\"},"
        + "\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}},\"End\":true}}}";

    private void AddMachine(string name, string type, string? label)
    {
        var arn = MachineArn(label is null ? name : $"{name}/{label}");
        var machine = new StateMachineRecord(arn, name, type, Now - TimeSpan.FromDays(30) + TimeSpan.FromMilliseconds(_machines.Count * 1001),
            name == "batch" && label is null ? DistributedMapDefinition : PassDefinition,
            $"arn:aws:iam::{Account}:role/{name}-role", "ACTIVE", label is null ? $"{name} workflow" : null, label);
        _machines[arn] = machine;
        if (label is null)
        {
            _topLevel.Add(machine);
            // The small machines get 0..2 executions each.
            var executions = new List<ExecutionRecord>();
            var count = name.StartsWith("sm-", StringComparison.Ordinal) ? int.Parse(name[3..], CultureInfo.InvariantCulture) % 3 : 0;
            for (var i = 0; i < count; i++)
            {
                executions.Add(AddSmallExecution(name, $"{name}-run-{i}", "SUCCEEDED", TimeSpan.FromHours(i + 1)));
            }
            _executionsByMachine[arn] = executions;
        }
    }

    private ExecutionRecord AddSmallExecution(string machine, string name, string status, TimeSpan age)
    {
        var start = Now - age;
        var execution = new ExecutionRecord($"arn:aws:states:us-east-1:{Account}:execution:{machine}:{name}", MachineArn(machine),
            name, status, start, status == "RUNNING" ? null : start + TimeSpan.FromSeconds(42), "{}", status == "SUCCEEDED" ? "{}" : null,
            null, null, null, null, 0, null, null, false);
        _smallExecutions[execution.ExecutionArn] = execution;
        return execution;
    }
}
