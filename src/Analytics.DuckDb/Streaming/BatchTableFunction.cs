using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Analytics.DuckDb.Native;

namespace Analytics.DuckDb.Streaming;

/// <summary>
/// The table function <c>analytics_batches(id)</c>, registered once per database through the C API: it reads the
/// rows of the <see cref="DuckDbBatchSource"/> with that id, one data chunk per call. The callbacks run on DuckDB's
/// threads; no exception leaves them (each is reported to DuckDB as the function's error, and kept by the source
/// so the caller sees the original after the query).
/// </summary>
internal static unsafe class BatchTableFunction
{
    public const string Name = "analytics_batches";

    private static readonly ConcurrentDictionary<long, DuckDbBatchSource> s_sources = new();
    private static long s_lastId;

    /// <summary>Makes a source visible to queries; returns its id.</summary>
    public static long Add(DuckDbBatchSource source)
    {
        var id = Interlocked.Increment(ref s_lastId);
        s_sources[id] = source;
        return id;
    }

    public static void Remove(long id) => s_sources.TryRemove(id, out _);

    /// <summary>Registers the function in the connection's database (the catalog entry is shared by every connection).</summary>
    public static void Register(DuckDbConnection connection)
    {
        using var function = NativeMethods.duckdb_create_table_function();
        if (function.IsInvalid)
        {
            throw new DuckDbException("DuckDB could not create a table function.");
        }
        NativeMethods.duckdb_table_function_set_name(function, Name);
        using (var idType = NativeMethods.duckdb_create_logical_type(DuckDbType.BigInt))
        {
            NativeMethods.duckdb_table_function_add_parameter(function, idType);
        }
        NativeMethods.duckdb_table_function_set_bind(function, &Bind);
        NativeMethods.duckdb_table_function_set_init(function, &Init);
        NativeMethods.duckdb_table_function_set_function(function, &Scan);
        NativeMethods.duckdb_table_function_supports_projection_pushdown(function, true);
        if (NativeMethods.duckdb_register_table_function(connection.Handle, function) != DuckDbState.Success)
        {
            throw new DuckDbException($"DuckDB refused to register the table function {Name}.");
        }
    }

    /// <summary>Declares the source's columns; the bind data is the source's id (nothing to free).</summary>
    [UnmanagedCallersOnly]
    private static void Bind(IntPtr info)
    {
        try
        {
            var value = NativeMethods.duckdb_bind_get_parameter(info, 0);
            long id;
            try
            {
                id = NativeMethods.duckdb_get_int64(value);
            }
            finally
            {
                NativeMethods.duckdb_destroy_value(ref value);
            }
            if (!s_sources.TryGetValue(id, out var source))
            {
                NativeMethods.duckdb_bind_set_error(info, $"{Name}({id}): no such batch source (it is only readable by the query its writer runs).");
                return;
            }
            foreach (var column in source.Schema.Columns)
            {
                using var type = NativeMethods.duckdb_create_logical_type(DuckDbAppender.DuckDbTypeOf(column.Type));
                NativeMethods.duckdb_bind_add_result_column(info, column.Name, type);
            }
            if (source.DateColumn is { } date)
            {
                using var type = NativeMethods.duckdb_create_logical_type(DuckDbType.Varchar);
                NativeMethods.duckdb_bind_add_result_column(info, date.Name, type);
            }
            NativeMethods.duckdb_bind_set_bind_data(info, (IntPtr)id, IntPtr.Zero);
        }
        catch (Exception ex)
        {
            NativeMethods.duckdb_bind_set_error(info, ex.Message);
        }
    }

    /// <summary>Takes the query's projection (only the columns it reads are copied); one scanning thread, as the
    /// batches arrive in order from one producer.</summary>
    [UnmanagedCallersOnly]
    private static void Init(IntPtr info)
    {
        try
        {
            var id = (long)NativeMethods.duckdb_init_get_bind_data(info);
            if (!s_sources.TryGetValue(id, out var source))
            {
                NativeMethods.duckdb_init_set_error(info, $"{Name}({id}): the batch source is gone.");
                return;
            }
            var columns = new ulong[(int)NativeMethods.duckdb_init_get_column_count(info)];
            for (var i = 0; i < columns.Length; i++)
            {
                columns[i] = NativeMethods.duckdb_init_get_column_index(info, (ulong)i);
            }
            source.SetProjection(columns);
            NativeMethods.duckdb_init_set_max_threads(info, 1);
        }
        catch (Exception ex)
        {
            NativeMethods.duckdb_init_set_error(info, ex.Message);
        }
    }

    [UnmanagedCallersOnly]
    private static void Scan(IntPtr info, IntPtr output)
    {
        DuckDbBatchSource? source = null;
        try
        {
            var id = (long)NativeMethods.duckdb_function_get_bind_data(info);
            if (!s_sources.TryGetValue(id, out source))
            {
                NativeMethods.duckdb_function_set_error(info, $"{Name}({id}): the batch source is gone.");
                return;
            }
            source.FillNext(output);
        }
        catch (Exception ex)
        {
            source?.RecordScanError(ex);
            NativeMethods.duckdb_function_set_error(info, ex.Message);
        }
    }
}
