namespace Analytics.Core.Json;

/// <summary>
/// Maps UTF-8 keys (operation ids) to dense indexes 0, 1, 2… in first-seen order, with the key bytes kept in an
/// arena: no string, no allocation once grown. Cleared and reused per execution.
/// </summary>
internal sealed class Utf8KeyIndex
{
    private readonly ByteArena _keys;
    private int[] _buckets = new int[64];
    private Slice[] _slices = new Slice[32];

    public Utf8KeyIndex(ByteArena keys) => _keys = keys;

    public int Count { get; private set; }

    /// <summary>The key of entry <paramref name="index"/> (a range of the arena).</summary>
    public Slice KeyAt(int index) => _slices[index];

    /// <summary>The index of <paramref name="key"/>, adding it (as the next index) when new.</summary>
    public int GetOrAdd(ReadOnlySpan<byte> key, out bool added)
    {
        var mask = _buckets.Length - 1;
        var slot = (int)(Hash(key) & (uint)mask);
        while (true)
        {
            var entry = _buckets[slot] - 1;
            if (entry < 0)
            {
                break;
            }
            if (_keys.Get(_slices[entry]).SequenceEqual(key))
            {
                added = false;
                return entry;
            }
            slot = (slot + 1) & mask;
        }
        if (Count == _slices.Length)
        {
            Array.Resize(ref _slices, _slices.Length * 2);
        }
        var index = Count++;
        _slices[index] = _keys.Append(key);
        _buckets[slot] = index + 1;
        if (Count * 2 > _buckets.Length)
        {
            Rehash();
        }
        added = true;
        return index;
    }

    public void Clear()
    {
        Array.Clear(_buckets);
        Count = 0;
    }

    private void Rehash()
    {
        _buckets = new int[_buckets.Length * 2];
        var mask = _buckets.Length - 1;
        for (var i = 0; i < Count; i++)
        {
            var slot = (int)(Hash(_keys.Get(_slices[i])) & (uint)mask);
            while (_buckets[slot] != 0)
            {
                slot = (slot + 1) & mask;
            }
            _buckets[slot] = i + 1;
        }
    }

    private static uint Hash(ReadOnlySpan<byte> key)
    {
        var hash = 2166136261u;
        foreach (var b in key)
        {
            hash = (hash ^ b) * 16777619u;
        }
        return hash;
    }
}
