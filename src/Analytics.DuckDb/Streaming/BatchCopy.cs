using Analytics.Core.Columns;

namespace Analytics.DuckDb.Streaming;

/// <summary>Copies a <see cref="ColumnBatch"/>'s rows into another of the same schema with bulk array copies.</summary>
internal static class BatchCopy
{
    /// <summary>Makes <paramref name="target"/> (capacity at least the source's row count) hold exactly the rows of
    /// <paramref name="source"/>.</summary>
    public static void Copy(ColumnBatch source, ColumnBatch target)
    {
        target.Clear();
        var rows = source.Count;
        // The batch's row count only grows through AddRow; the values are then overwritten column by column.
        for (var i = 0; i < rows; i++)
        {
            target.AddRow();
        }
        var words = (rows + 63) >> 6;
        for (var c = 0; c < source.ColumnCount; c++)
        {
            switch (source[c])
            {
                case Int64Column longs:
                    Array.Copy(longs.Values, target.Int64(c).Values, rows);
                    break;
                case Int32Column ints:
                    Array.Copy(ints.Values, target.Int32(c).Values, rows);
                    break;
                case DoubleColumn doubles:
                    Array.Copy(doubles.Values, target.Double(c).Values, rows);
                    break;
                case BooleanColumn booleans:
                    Array.Copy(booleans.Values, target.Boolean(c).Values, rows);
                    break;
                case VarcharColumn strings:
                    CopyStrings(strings, target.Varchar(c), rows);
                    break;
                default:
                    throw new InvalidOperationException($"Unexpected column kind {source[c].GetType().Name}.");
            }
            Array.Copy(source[c].Validity, target[c].Validity, words);
        }
    }

    /// <summary>Appends rows <paramref name="start"/> to <paramref name="start"/> + <paramref name="count"/> of
    /// <paramref name="source"/> to <paramref name="target"/> (which must have room for them): values in bulk, text
    /// and validity row by row.</summary>
    public static void AppendRows(ColumnBatch source, int start, int count, ColumnBatch target)
    {
        var first = target.Count;
        for (var i = 0; i < count; i++)
        {
            target.AddRow();
        }
        for (var c = 0; c < source.ColumnCount; c++)
        {
            var from = source[c];
            var to = target[c];
            switch (from)
            {
                case Int64Column longs:
                    Array.Copy(longs.Values, start, target.Int64(c).Values, first, count);
                    break;
                case Int32Column ints:
                    Array.Copy(ints.Values, start, target.Int32(c).Values, first, count);
                    break;
                case DoubleColumn doubles:
                    Array.Copy(doubles.Values, start, target.Double(c).Values, first, count);
                    break;
                case BooleanColumn booleans:
                    Array.Copy(booleans.Values, start, target.Boolean(c).Values, first, count);
                    break;
                case VarcharColumn strings:
                    var targetStrings = target.Varchar(c);
                    for (var i = 0; i < count; i++)
                    {
                        if (!strings.IsNull(start + i))
                        {
                            targetStrings.Set(first + i, strings.GetBytes(start + i));
                        }
                    }
                    continue;
                default:
                    throw new InvalidOperationException($"Unexpected column kind {from.GetType().Name}.");
            }
            // Fixed-width values: AddRow left the new rows null; mark the valid ones.
            for (var i = 0; i < count; i++)
            {
                if (!from.IsNull(start + i))
                {
                    to.Validity[(first + i) >> 6] |= 1UL << ((first + i) & 63);
                }
            }
        }
    }

    /// <summary>The whole used arena in one copy (reserved as row 0's value, whose offset and length are then
    /// overwritten with every row's own), then the offsets and lengths.</summary>
    private static void CopyStrings(VarcharColumn source, VarcharColumn target, int rows)
    {
        if (source.BytesUsed > 0)
        {
            source.Data.AsSpan(0, source.BytesUsed).CopyTo(target.Reserve(0, source.BytesUsed));
        }
        Array.Copy(source.Offsets, target.Offsets, rows);
        Array.Copy(source.Lengths, target.Lengths, rows);
    }

    /// <summary>Bytes of string data the batch holds.</summary>
    public static long StringBytes(ColumnBatch batch)
    {
        long bytes = 0;
        for (var c = 0; c < batch.ColumnCount; c++)
        {
            if (batch[c] is VarcharColumn strings)
            {
                bytes += strings.BytesUsed;
            }
        }
        return bytes;
    }
}
