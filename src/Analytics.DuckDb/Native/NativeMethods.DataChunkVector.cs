using System.Runtime.InteropServices;
using Analytics.DuckDb.Native.Handles;

namespace Analytics.DuckDb.Native;

// Vectors are borrowed from their chunk (or parent vector): they are plain pointers, valid while the chunk lives.
internal static unsafe partial class NativeMethods
{
    [LibraryImport(LibraryName)]
    internal static partial ulong duckdb_vector_size();

    [LibraryImport(LibraryName)]
    internal static partial DataChunkHandle duckdb_create_data_chunk(IntPtr* types, ulong columnCount);

    [LibraryImport(LibraryName)]
    internal static partial void duckdb_destroy_data_chunk(ref IntPtr chunk);

    [LibraryImport(LibraryName)]
    internal static partial void duckdb_data_chunk_reset(DataChunkHandle chunk);

    [LibraryImport(LibraryName)]
    internal static partial void duckdb_data_chunk_set_size(DataChunkHandle chunk, ulong size);

    // O(1) field read, no allocation or lock: safe without a GC transition.
    [LibraryImport(LibraryName)]
    [SuppressGCTransition]
    internal static partial ulong duckdb_data_chunk_get_size(IntPtr chunk);

    // O(1) index into the chunk's vectors: safe without a GC transition.
    [LibraryImport(LibraryName)]
    [SuppressGCTransition]
    internal static partial IntPtr duckdb_data_chunk_get_vector(IntPtr chunk, ulong column);

    // O(1) pointer read: safe without a GC transition.
    [LibraryImport(LibraryName)]
    [SuppressGCTransition]
    internal static partial void* duckdb_vector_get_data(IntPtr vector);

    // O(1) pointer read (null when every row is valid): safe without a GC transition.
    [LibraryImport(LibraryName)]
    [SuppressGCTransition]
    internal static partial ulong* duckdb_vector_get_validity(IntPtr vector);

    /// <summary>Allocates the validity mask if the vector has none yet (all rows valid).</summary>
    [LibraryImport(LibraryName)]
    internal static partial void duckdb_vector_ensure_validity_writable(IntPtr vector);

    /// <summary>Copies the bytes into the vector's own string heap (or inlines them when 12 bytes or fewer).</summary>
    [LibraryImport(LibraryName)]
    internal static partial void duckdb_vector_assign_string_element_len(IntPtr vector, ulong index, byte* value, ulong length);

    // O(1) pointer read: safe without a GC transition.
    [LibraryImport(LibraryName)]
    [SuppressGCTransition]
    internal static partial IntPtr duckdb_list_vector_get_child(IntPtr vector);

    // O(1) field read: safe without a GC transition.
    [LibraryImport(LibraryName)]
    [SuppressGCTransition]
    internal static partial ulong duckdb_list_vector_get_size(IntPtr vector);

    // O(1) index into the struct's children: safe without a GC transition.
    [LibraryImport(LibraryName)]
    [SuppressGCTransition]
    internal static partial IntPtr duckdb_struct_vector_get_child(IntPtr vector, ulong index);

    // O(1) pointer read: safe without a GC transition.
    [LibraryImport(LibraryName)]
    [SuppressGCTransition]
    internal static partial IntPtr duckdb_array_vector_get_child(IntPtr vector);
}
