using System.Text.Json;
using Analytics.Emulator.World;

namespace Analytics.Emulator.Tests.Http.Support;

/// <summary>An <see cref="IHistorySource"/> whose i-th item is written by a function of i (ascending order).</summary>
internal sealed class GeneratedHistory(int count, Action<Utf8JsonWriter, int, bool> writeItem) : IHistorySource
{
    public int Count => count;

    public void WriteItems(Utf8JsonWriter writer, int start, int count, bool reverseOrder, bool includeExecutionData)
    {
        for (var position = start; position < start + count; position++)
        {
            writeItem(writer, reverseOrder ? Count - 1 - position : position, includeExecutionData);
        }
    }
}

/// <summary>An indexed list computed item by item, like the simulator's lazy listings.</summary>
internal sealed class ComputedList<T>(int count, Func<int, T> itemAt) : IPagedList<T>
{
    public int Count => count;

    public T this[int index] => (uint)index < (uint)count ? itemAt(index) : throw new ArgumentOutOfRangeException(nameof(index));
}
