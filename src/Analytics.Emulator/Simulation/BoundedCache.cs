namespace Analytics.Emulator.Simulation;

/// <summary>
/// A small thread-safe cache with first-in-first-out eviction: regenerating is always correct, the cache only spares
/// repeat work when a client pages through one history or lists then describes the same executions.
/// </summary>
internal sealed class BoundedCache<TKey, TValue>(int capacity) where TKey : notnull
{
    private readonly Dictionary<TKey, TValue> _items = [];
    private readonly Queue<TKey> _order = new();
    private readonly Lock _lock = new();

    public TValue GetOrAdd(TKey key, Func<TKey, TValue> create)
    {
        lock (_lock)
        {
            if (_items.TryGetValue(key, out var found))
            {
                return found;
            }
        }
        var value = create(key);
        lock (_lock)
        {
            if (_items.TryAdd(key, value))
            {
                _order.Enqueue(key);
                while (_order.Count > capacity)
                {
                    _items.Remove(_order.Dequeue());
                }
            }
            return _items.TryGetValue(key, out var stored) ? stored : value;
        }
    }
}
