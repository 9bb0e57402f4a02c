using Analytics.Emulator.World;

namespace Analytics.Emulator.Simulation;

/// <summary>An <see cref="IPagedList{T}"/> whose items are made on demand from their position.</summary>
internal sealed class LazyList<T>(int count, Func<int, T> itemAt) : IPagedList<T>
{
    public static readonly LazyList<T> Empty = new(0, _ => throw new ArgumentOutOfRangeException(nameof(itemAt)));

    public int Count { get; } = count;

    public T this[int index] => (uint)index < (uint)Count ? itemAt(index) : throw new ArgumentOutOfRangeException(nameof(index));
}
