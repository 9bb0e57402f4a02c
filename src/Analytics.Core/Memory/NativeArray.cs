using System.Runtime.InteropServices;

namespace Analytics.Core.Memory;

/// <summary>
/// A zeroed array of <typeparamref name="T"/> outside the garbage-collected heap, for the export's few tables that live
/// for the whole run and grow with the account (hundreds of MB at millions of executions). On the large-object heap
/// such a table also raised the budget the GC lets dead large objects reach before a gen2 collection, so it cost about
/// twice its size; here it costs its size, and a replaced table's memory goes back to the OS when it is freed, not at
/// the next gen2. Freed by <see cref="Dispose"/>, or by the finalizer when its owner is dropped.
/// </summary>
public sealed unsafe class NativeArray<T> : IDisposable
    where T : unmanaged
{
    private T* _items;

    /// <param name="length">Elements, all zero.</param>
    public NativeArray(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        _items = (T*)NativeMemory.AllocZeroed((nuint)length, (nuint)sizeof(T));
        Length = length;
    }

    ~NativeArray() => Free();

    public int Length { get; }

    /// <summary>Bytes held.</summary>
    public long Bytes => (long)Length * sizeof(T);

    /// <summary>The elements (bounds-checked like any span).</summary>
    public Span<T> Span => _items is null ? throw new ObjectDisposedException(nameof(NativeArray<T>)) : new(_items, Length);

    public void Dispose()
    {
        Free();
        GC.SuppressFinalize(this);
    }

    private void Free()
    {
        NativeMemory.Free(_items);
        _items = null;
    }
}
