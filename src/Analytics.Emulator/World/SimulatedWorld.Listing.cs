using Analytics.Emulator.Simulation;
using Analytics.Emulator.Simulation.Sfn;

namespace Analytics.Emulator.World;

// The order ListExecutions serves a state machine's executions in (see ExecutionListOrder).
public sealed partial class SimulatedWorld
{
    public ExecutionListOrder ListOrder { get; }

    /// <summary>Execution indexes in listing order (newest first), built at the first listing of each state machine.</summary>
    private int[] ListingOrder(StateMachineModel model) => _listingOrders[model.Ordinal].Value;

    private Lazy<int[]>[] CreateListingOrders() =>
        [.. _models.Select(m => new Lazy<int[]>(() => SortByListingKey(m), LazyThreadSafetyMode.ExecutionAndPublication))];

    private int[] SortByListingKey(StateMachineModel model)
    {
        var count = (int)VisibleCount(model);
        var keys = new long[count];
        for (var i = 0; i < count; i++)
        {
            // Straight from the simulator: going through the timeline cache would evict what the fetchers use.
            keys[i] = ListingKey(SfnSimulator.Simulate(model, Context, i), NowMs);
        }
        var order = new int[count];
        for (var i = 0; i < count; i++)
        {
            order[i] = i;
        }
        // Newest key first; among equal keys the later-started execution first, as with the by-start order.
        Array.Sort(order, (a, b) => keys[a] != keys[b] ? keys[b].CompareTo(keys[a]) : b.CompareTo(a));
        return order;
    }

    /// <summary>Stop date if closed at <paramref name="nowMs"/>, else the redrive date if redriven, else the start date.</summary>
    internal static long ListingKey(ExecutionTimeline t, long nowMs)
    {
        if (t.FinalStopMs <= nowMs)
        {
            return t.FinalStopMs;
        }
        if (t.FirstStopMs is { } firstStop && firstStop <= nowMs && nowMs < t.RedriveMs)
        {
            return firstStop;
        }
        return t.RedriveMs is { } redrive && redrive <= nowMs ? redrive : t.StartMs;
    }

    /// <summary>The same order for a Map Run's children: running ones by start, closed ones by stop.</summary>
    internal static long ListingKey(ChildRun child, long nowMs) => child.StopMs <= nowMs ? child.StopMs : child.StartMs;
}
