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
