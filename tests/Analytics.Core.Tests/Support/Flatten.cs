using Analytics.Core.Flattening;
using Analytics.Core.StepFunctions;

namespace Analytics.Core.Tests.Support;

/// <summary>Runs the Step Functions flattener over pages and returns what it wrote.</summary>
internal static class Flatten
{
    public const string Arn = "arn:aws:states:us-east-1:123456789012:execution:Orders:run-1";

    public static RowCollector History(
        IEnumerable<byte[]> pages,
        FlattenerOptions? options = null,
        HistoryOrder order = HistoryOrder.Ascending,
        string arn = Arn,
        int capacity = 2048)
    {
        var rows = new RowCollector();
        using var flattener = new ExecutionHistoryFlattener(ExecutionHistoryFlattener.CreateOutput(rows, capacity), options);
        flattener.BeginExecution(arn, order);
        foreach (var page in pages)
        {
            flattener.AddPage(page);
        }
        flattener.EndExecution();
        flattener.Flush();
        return rows;
    }

    public static RowCollector History(byte[] page, FlattenerOptions? options = null, HistoryOrder order = HistoryOrder.Ascending, string arn = Arn) =>
        History([page], options, order, arn);

    public static FlattenerOptions Lenient { get; } = new() { Lenient = true };
}
