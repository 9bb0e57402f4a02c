using System.Runtime.CompilerServices;
using System.Text;

namespace Analytics.Core.Json;

/// <summary>
/// A fixed set of UTF-8 names (JSON member names, enum values) mapped to small codes: one hash, one probe and one
/// byte comparison per lookup, no allocation. Built once at start-up.
/// </summary>
internal sealed class Utf8NameTable
{
    private readonly byte[][] _keys;
    private readonly int[] _codes;
    private readonly int _mask;

    public Utf8NameTable(params (string Name, int Code)[] entries)
    {
        var size = 16;
        while (size < entries.Length * 4)
        {
            size <<= 1;
        }
        _keys = new byte[size][];
        _codes = new int[size];
        _mask = size - 1;
        foreach (var (name, code) in entries)
        {
            var key = Encoding.UTF8.GetBytes(name);
            var slot = (int)(Hash(key) & (uint)_mask);
            while (_keys[slot] is not null)
            {
                if (_keys[slot].AsSpan().SequenceEqual(key))
                {
                    throw new ArgumentException($"Name '{name}' appears twice.", nameof(entries));
                }
                slot = (slot + 1) & _mask;
            }
            _keys[slot] = key;
            _codes[slot] = code;
        }
    }

    /// <summary>Every name with its code (for checking hand-written dispatchers against the table).</summary>
    public IEnumerable<(byte[] Name, int Code)> Entries =>
        _keys.Select((key, slot) => (key, _codes[slot])).Where(entry => entry.key is not null);

    /// <summary>The code of <paramref name="name"/>, or -1 when it is not in the table.</summary>
    public int Find(ReadOnlySpan<byte> name)
    {
        var slot = (int)(Hash(name) & (uint)_mask);
        while (true)
        {
            var key = _keys[slot];
            if (key is null)
            {
                return -1;
            }
            if (name.SequenceEqual(key))
            {
                return _codes[slot];
            }
            slot = (slot + 1) & _mask;
        }
    }

    /// <summary>
    /// Length and three bytes (first, middle, second to last) mixed: O(1) whatever the name's length. Member names
    /// sharing a suffix ("...EventDetails") differ in length or in those bytes; the rare collision costs one probe.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Hash(ReadOnlySpan<byte> name)
    {
        var length = (uint)name.Length;
        if (length == 0)
        {
            return 0;
        }
        var hash = (length * 0x9E3779B1u) ^ name[0];
        hash = (hash * 31) ^ name[(int)(length >> 1)];
        hash = (hash * 31) ^ name[(int)(length > 1 ? length - 2 : 0)];
        return hash ^ (hash >> 15);
    }
}
