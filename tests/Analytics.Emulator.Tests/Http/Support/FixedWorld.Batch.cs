using Analytics.Emulator.World;

namespace Analytics.Emulator.Tests.Http.Support;

internal sealed partial class FixedWorld
{
    public static string BatchExecutionArn => $"arn:aws:states:us-east-1:{Account}:execution:batch:batch-0";

    public static string ExpressMapRunArn => $"arn:aws:states:us-east-1:{Account}:mapRun:batch/Process:run-a";

    public static string StandardMapRunArn => $"arn:aws:states:us-east-1:{Account}:mapRun:batch/Audit:run-b";

    public static string ExpressChildArn(int i) => $"arn:aws:states:us-east-1:{Account}:express:batch/Process:run-a:child-{i:D3}";

    public static string StandardChildArn(int i) => $"arn:aws:states:us-east-1:{Account}:execution:batch/Audit:child-{i:D3}";

    private void BuildBatch()
    {
        AddMachine("batch", "EXPRESS", "Process");
        AddMachine("batch", "STANDARD", "Audit");
        var parent = AddSmallExecution("batch", "batch-0", "SUCCEEDED", TimeSpan.FromDays(1));
        _executionsByMachine[MachineArn("batch")] = [parent,
            AddSmallExecution("batch", "batch-1", "SUCCEEDED", TimeSpan.FromDays(2)),
            AddSmallExecution("batch", "batch-2", "RUNNING", TimeSpan.FromDays(3))];

        AddMapRun(ExpressMapRunArn, MachineArn("batch/Process"), parent, ExpressChildren, i => ExpressChildArn(i), express: true);
        AddMapRun(StandardMapRunArn, MachineArn("batch/Audit"), parent, StandardChildren, i => StandardChildArn(i), express: false);
    }

    private void AddMapRun(string runArn, string childMachineArn, ExecutionRecord parent, int children, Func<int, string> childArn, bool express)
    {
        var start = parent.StartDate + TimeSpan.FromSeconds(_mapRuns.Count + 1);
        var list = new List<ExecutionRecord>();
        var failed = 0;
        for (var i = 0; i < children; i++)
        {
            var status = i % 10 == 9 ? "FAILED" : "SUCCEEDED";
            failed += status == "FAILED" ? 1 : 0;
            var childStart = start + TimeSpan.FromMilliseconds(250 * (children - i));
            var child = new ExecutionRecord(childArn(i), childMachineArn, $"child-{i:D3}", status, childStart,
                childStart + TimeSpan.FromMilliseconds(1500), "{}", status == "SUCCEEDED" ? "{}" : null,
                status == "FAILED" ? "Item.Failed" : null, null, runArn, 1, 0, null, null, express);
            list.Add(child);
            _smallExecutions[child.ExecutionArn] = child;
        }
        var counts = new MapRunCounts(0, 0, children - failed, failed, 0, 0, children, children, 0, 0);
        _mapRuns[runArn] = new MapRunRecord(runArn, parent.ExecutionArn, childMachineArn, "SUCCEEDED", start,
            start + TimeSpan.FromSeconds(30), 40, 20.5, 0, counts, counts, 0, null);
        _mapRunChildren[runArn] = list;
    }
}
