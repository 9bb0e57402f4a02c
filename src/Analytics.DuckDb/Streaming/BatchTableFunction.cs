using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Runtime.CompilerServices;
using DuckDB.NET.Native;

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
        var function = Duck.TableFunction.DuckDBCreateTableFunction();
        if (function == IntPtr.Zero)
        {
            throw new DuckDbException("DuckDB could not create a table function.");
        }
        try
        {
            Duck.TableFunction.DuckDBTableFunctionSetName(function, Name);
            using (var idType = LogicalType(DuckDbType.BigInt))
            {
                Duck.TableFunction.DuckDBTableFunctionAddParameter(function, idType);
            }
            Duck.TableFunction.DuckDBTableFunctionSetBind(function, &Bind);
            Duck.TableFunction.DuckDBTableFunctionSetInit(function, &Init);
            Duck.TableFunction.DuckDBTableFunctionSetFunction(function, &Scan);
            Duck.TableFunction.DuckDBTableFunctionSupportsProjectionPushdown(function, true);
            if (Duck.TableFunction.DuckDBRegisterTableFunction(connection.Native, function) != DuckDBState.Success)
            {
                throw new DuckDbException($"DuckDB refused to register the table function {Name}.");
            }
        }
        finally
        {
            // DuckDB keeps its own copy of a registered function.
            Duck.TableFunction.DuckDBDestroyTableFunction(ref function);
        }
    }

    private static DuckDBLogicalType LogicalType(DuckDbType type) => Duck.LogicalType.DuckDBCreateLogicalType((DuckDBType)(int)type);

    /// <summary>Declares the source's columns; the bind data is the source's id (nothing to free).</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void Bind(IntPtr info)
    {
        try
        {
            long id;
            using (var value = Duck.TableFunction.DuckDBBindGetParameter(info, 0))
            {
                id = Duck.Value.DuckDBGetInt64(value);
            }
            if (!s_sources.TryGetValue(id, out var source))
            {
                Duck.TableFunction.DuckDBBindSetError(info, $"{Name}({id}): no such batch source (it is only readable by the query its writer runs).");
                return;
            }
            foreach (var column in source.Schema.Columns)
            {
                using var type = LogicalType(DuckDbAppender.DuckDbTypeOf(column.Type));
                Duck.TableFunction.DuckDBBindAddResultColumn(info, column.Name, type);
            }
            if (source.DateColumn is { } date)
            {
                using var type = LogicalType(DuckDbType.Varchar);
                Duck.TableFunction.DuckDBBindAddResultColumn(info, date.Name, type);
            }
            Duck.TableFunction.DuckDBBindSetBindData(info, (IntPtr)id, null);
        }
        catch (Exception ex)
        {
            Duck.TableFunction.DuckDBBindSetError(info, ex.Message);
        }
    }

    /// <summary>Takes the query's projection (only the columns it reads are copied); one scanning thread, as the
    /// batches arrive in order from one producer.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void Init(IntPtr info)
    {
        try
        {
            var id = (long)Duck.TableFunction.DuckDBInitGetBindData(info);
            if (!s_sources.TryGetValue(id, out var source))
            {
                Duck.TableFunction.DuckDBInitSetError(info, $"{Name}({id}): the batch source is gone.");
                return;
            }
            var columns = new ulong[(int)Duck.TableFunction.DuckDBInitGetColumnCount(info)];
            for (var i = 0; i < columns.Length; i++)
            {
                columns[i] = Duck.TableFunction.DuckDBInitGetColumnIndex(info, (ulong)i);
            }
            source.SetProjection(columns);
            // One scanning thread: DuckDB's default for a table function without set_max_threads (not bound by DuckDB.NET).
        }
        catch (Exception ex)
        {
            Duck.TableFunction.DuckDBInitSetError(info, ex.Message);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void Scan(IntPtr info, IntPtr output)
    {
        DuckDbBatchSource? source = null;
        try
        {
            var id = (long)Duck.TableFunction.DuckDBFunctionGetBindData(info);
            if (!s_sources.TryGetValue(id, out source))
            {
                Duck.TableFunction.DuckDBFunctionSetError(info, $"{Name}({id}): the batch source is gone.");
                return;
            }
            source.FillNext(output);
        }
        catch (Exception ex)
        {
            source?.RecordScanError(ex);
            Duck.TableFunction.DuckDBFunctionSetError(info, ex.Message);
        }
    }
}
