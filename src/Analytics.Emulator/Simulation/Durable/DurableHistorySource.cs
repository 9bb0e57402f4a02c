using System.Text.Json;
using Analytics.Emulator.World;

namespace Analytics.Emulator.Simulation.Durable;

/// <summary>The visible prefix of a durable execution's events (GetDurableExecutionHistory items).</summary>
internal sealed class DurableHistorySource(DurableEvent[] events, int visibleCount) : IHistorySource
{
    public int Count => visibleCount;

    public void WriteItems(Utf8JsonWriter writer, int start, int count, bool reverseOrder, bool includeExecutionData)
    {
        var end = Math.Min(visibleCount, start + count);
        for (var i = Math.Max(0, start); i < end; i++)
        {
            DurableEventWriter.Write(writer, events[reverseOrder ? visibleCount - 1 - i : i], includeExecutionData);
        }
    }

    public static int VisibleCount(DurableEvent[] events, long nowMs)
    {
        var n = 0;
        while (n < events.Length && events[n].TimeMs <= nowMs)
        {
            n++;
        }
        return n;
    }
}
