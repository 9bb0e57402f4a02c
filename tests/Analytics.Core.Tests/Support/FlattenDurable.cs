using Analytics.Core.Durable;
using Analytics.Core.Flattening;

namespace Analytics.Core.Tests.Support;

/// <summary>Runs the durable flatteners over pages and returns what they wrote.</summary>
internal static class FlattenDurable
{
    public const string Arn = "arn:aws:lambda:us-east-1:123456789012:function:orders:7/durable-execution/order-42/3f0b2a56";

    public static RowCollector History(IEnumerable<byte[]> pages, HistoryOrder order = HistoryOrder.Ascending, FlattenerOptions? options = null, int capacity = 2048)
    {
        var rows = new RowCollector();
        using var flattener = new DurableHistoryFlattener(DurableHistoryFlattener.CreateOutput(rows, capacity), options);
        flattener.BeginExecution(Arn, order);
        foreach (var page in pages)
        {
            flattener.AddPage(page);
        }
        flattener.EndExecution();
        flattener.Flush();
        return rows;
    }

    public static RowCollector History(byte[] page, HistoryOrder order = HistoryOrder.Ascending, FlattenerOptions? options = null) => History([page], order, options);
}
