using System.Text.Json;
using Analytics.Emulator.World;

namespace Analytics.Emulator.Simulation.Sfn;

/// <summary>The visible prefix (events up to the world's clock) of an execution's history.</summary>
internal sealed class SfnHistorySource(SfnEvent[] events, int visibleCount) : IHistorySource
{
    public int Count => visibleCount;

    public void WriteItems(Utf8JsonWriter writer, int start, int count, bool reverseOrder, bool includeExecutionData)
    {
        var end = Math.Min(visibleCount, start + count);
        for (var i = Math.Max(0, start); i < end; i++)
        {
            SfnEventWriter.Write(writer, events[reverseOrder ? visibleCount - 1 - i : i], includeExecutionData);
        }
    }

    /// <summary>The number of events at or before <paramref name="nowMs"/> (events are in time order).</summary>
    public static int VisibleCount(SfnEvent[] events, long nowMs)
    {
        int lo = 0, hi = events.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (events[mid].TimeMs <= nowMs)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }
        return lo;
    }
}
