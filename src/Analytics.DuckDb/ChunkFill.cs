using System.Diagnostics.CodeAnalysis;
using System.Text.Unicode;
using Analytics.Core.Columns;
using DuckDB.NET.Native;

namespace Analytics.DuckDb;

/// <summary>
/// Copies <see cref="ColumnBatch"/> rows into a DuckDB data chunk with bulk vector and validity copies: what the
/// appender hands to a table and the batch table function hands to a query.
/// </summary>
internal static class ChunkFill
{
    /// <summary>duckdb_string_t: 16 bytes, holding up to 12 bytes of the value inline (length, bytes, zero padding).</summary>
    public const int StringSlotSize = 16;
    public const int InlineStringLength = 12;

    /// <summary>A projection entry for an output column the caller fills itself.</summary>
    public const int CallerFilled = -2;

    /// <summary>
    /// Copies rows [start, start + rows) of every column into <paramref name="chunk"/> (typed like the batch, at least
    /// <paramref name="rows"/> rows of capacity; <paramref name="start"/> a multiple of 64) and sets its size.
    /// <paramref name="target"/> names the destination in error messages.
    /// </summary>
    public static void Fill(DuckDBDataChunk chunk, ColumnBatch batch, int start, int rows, string target) =>
        Fill(chunk, batch, start, rows, target, projection: null);

    /// <summary>
    /// As <see cref="Fill(DuckDBDataChunk, ColumnBatch, int, int, string)"/>, but output column i receives batch column
    /// <c>projection[i]</c> (a query's projection pushdown); an index past the batch's columns (DuckDB's row-id
    /// placeholder when a query needs no column) is left all null, and <see cref="CallerFilled"/> is skipped.
    /// </summary>
    public static unsafe void Fill(DuckDBDataChunk chunk, ColumnBatch batch, int start, int rows, string target, int[]? projection)
    {
        Duck.DataChunks.DuckDBDataChunkReset(chunk);
        var outputs = projection?.Length ?? batch.ColumnCount;
        for (var o = 0; o < outputs; o++)
        {
            var vector = Duck.DataChunks.DuckDBDataChunkGetVector(chunk, o);
            var c = projection is null ? o : projection[o];
            if (c == CallerFilled)
            {
                continue;
            }
            if ((uint)c >= (uint)batch.ColumnCount)
            {
                SetAllNull(vector, rows);
                continue;
            }
            var column = batch[c];
            switch (column)
            {
                case Int64Column longs:
                    CopyValues(vector, longs.Values.AsSpan(start, rows));
                    break;
                case Int32Column ints:
                    CopyValues(vector, ints.Values.AsSpan(start, rows));
                    break;
                case DoubleColumn doubles:
                    CopyValues(vector, doubles.Values.AsSpan(start, rows));
                    break;
                case BooleanColumn booleans:
                    CopyValues(vector, booleans.Values.AsSpan(start, rows));
                    break;
                case VarcharColumn strings:
                    CopyStrings(vector, strings, start, rows, target);
                    break;
                default:
                    throw new InvalidOperationException($"Unexpected column kind {column.GetType().Name}.");
            }
            CopyValidity(vector, column.Validity, start, rows);
        }
        Duck.DataChunks.DuckDBDataChunkSetSize(chunk, (ulong)rows);
    }

    private static unsafe void SetAllNull(IntPtr vector, int rows)
    {
        Duck.Vectors.DuckDBVectorEnsureValidityWritable(vector);
        new Span<ulong>(Duck.Vectors.DuckDBVectorGetValidity(vector), (rows + 63) >> 6).Clear();
    }

    private static unsafe void CopyValues<T>(IntPtr vector, ReadOnlySpan<T> values)
        where T : unmanaged =>
        values.CopyTo(new Span<T>(Duck.Vectors.DuckDBVectorGetData(vector), values.Length));

    /// <summary>
    /// Writes each non-null value into the vector. Values of 12 bytes or fewer are inlined straight into DuckDB's
    /// 16-byte string slot (length, bytes, zero padding, exactly as DuckDB lays them out); longer ones go through
    /// <c>duckdb_vector_assign_string_element_len</c>, which copies them into the vector's own string heap, except
    /// that a long value equal to the previous long value of the column (the execution ARN of every event, a state
    /// name over its events) reuses that value's slot: both then point at the same bytes of the same vector's heap,
    /// as DuckDB's own dictionary vectors do. DuckDB does not check UTF-8 here, so it is checked first: a bad value
    /// would otherwise corrupt the table.
    /// </summary>
    private static unsafe void CopyStrings(IntPtr vector, VarcharColumn column, int start, int rows, string target)
    {
        var validity = column.Validity;
        var offsets = column.Offsets;
        var lengths = column.Lengths;
        var slots = (byte*)Duck.Vectors.DuckDBVectorGetData(vector);
        fixed (byte* arena = column.Data)
        {
            byte* lastSlot = null;
            var last = ReadOnlySpan<byte>.Empty;
            for (var i = 0; i < rows; i++)
            {
                var row = start + i;
                if ((validity[row >> 6] & (1UL << (row & 63))) == 0)
                {
                    continue;
                }
                var value = new ReadOnlySpan<byte>(arena + offsets[row], lengths[row]);
                var slot = slots + (i * StringSlotSize);
                if (value.Length > InlineStringLength && lastSlot is not null && value.SequenceEqual(last))
                {
                    *(Int128*)slot = *(Int128*)lastSlot;
                    continue;
                }
                if (!Utf8.IsValid(value))
                {
                    ThrowInvalidUtf8(column, row, target);
                }
                if (value.Length <= InlineStringLength)
                {
                    new Span<byte>(slot, StringSlotSize).Clear();
                    *(uint*)slot = (uint)value.Length;
                    value.CopyTo(new Span<byte>(slot + 4, InlineStringLength));
                }
                else
                {
                    Duck.Vectors.DuckDBVectorAssignStringElementLength(vector, (ulong)i, arena + offsets[row], value.Length);
                    lastSlot = slot;
                    last = value;
                }
            }
        }
    }

    [DoesNotReturn]
    private static void ThrowInvalidUtf8(VarcharColumn column, int row, string target) =>
        throw new DuckDbException($"Column '{column.Spec.Name}' of the batch for {target} holds invalid UTF-8 at row {row}; VARCHAR values must be UTF-8.");

    /// <summary>
    /// Copies the batch's validity words (start is a multiple of the chunk size, so whole words line up). A chunk
    /// whose rows are all valid keeps DuckDB's "no mask" fast path.
    /// </summary>
    private static unsafe void CopyValidity(IntPtr vector, ulong[] validity, int start, int rows)
    {
        var words = validity.AsSpan(start >> 6, (rows + 63) >> 6);
        if (AllValid(words, rows))
        {
            return;
        }
        Duck.Vectors.DuckDBVectorEnsureValidityWritable(vector);
        words.CopyTo(new Span<ulong>(Duck.Vectors.DuckDBVectorGetValidity(vector), words.Length));
    }

    private static bool AllValid(ReadOnlySpan<ulong> words, int rows)
    {
        var full = rows >> 6;
        if (words[..full].ContainsAnyExcept(ulong.MaxValue))
        {
            return false;
        }
        var rest = rows & 63;
        if (rest == 0)
        {
            return true;
        }
        var mask = (1UL << rest) - 1;
        return (words[full] & mask) == mask;
    }
}
