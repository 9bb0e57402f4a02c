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
            if (!CopyFixed(source[c], 0, target[c], 0, rows))
            {
                CopyStrings((VarcharColumn)source[c], target.Varchar(c), rows);
            }
            Array.Copy(source[c].Validity, target[c].Validity, words);
        }
    }

    /// <summary>Appends rows <paramref name="start"/> to <paramref name="start"/> + <paramref name="count"/> of
    /// <paramref name="source"/> to <paramref name="target"/> (which must have room for them): values in bulk, text as
    /// the one arena range those rows use (rows sharing bytes keep sharing them), validity row by row.</summary>
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
            if (!CopyFixed(from, start, to, first, count))
            {
                AppendStrings((VarcharColumn)from, start, count, (VarcharColumn)to, first);
            }
            for (var i = 0; i < count; i++)
            {
                if (!from.IsNull(start + i))
                {
                    // AddRow left the new rows null.
                    to.Validity[(first + i) >> 6] |= 1UL << ((first + i) & 63);
                }
            }
        }
    }

    /// <summary>The arena bytes from the rows' lowest offset to their highest end in one copy (reserved as row
    /// <paramref name="first"/>'s value, whose validity the caller sets), then each row's offset moved along.</summary>
    private static void AppendStrings(VarcharColumn from, int start, int count, VarcharColumn to, int first)
    {
        int low = int.MaxValue, high = 0;
        for (var i = start; i < start + count; i++)
        {
            if (!from.IsNull(i))
            {
                low = Math.Min(low, from.Offsets[i]);
                high = Math.Max(high, from.Offsets[i] + from.Lengths[i]);
            }
        }
        if (low > high)
        {
            return;
        }
        from.Data.AsSpan(low, high - low).CopyTo(to.Reserve(first, high - low));
        var shift = to.Offsets[first] - low;
        for (var i = 0; i < count; i++)
        {
            to.Offsets[first + i] = from.Offsets[start + i] + shift;
            to.Lengths[first + i] = from.Lengths[start + i];
        }
        to.SetNull(first);
    }

    /// <summary>Copies a fixed-width column's values in bulk (not their validity); false for a text column.</summary>
    private static bool CopyFixed(Column from, int start, Column to, int first, int count)
    {
        switch (from)
        {
            case Int64Column longs:
                Array.Copy(longs.Values, start, ((Int64Column)to).Values, first, count);
                return true;
            case Int32Column ints:
                Array.Copy(ints.Values, start, ((Int32Column)to).Values, first, count);
                return true;
            case DoubleColumn doubles:
                Array.Copy(doubles.Values, start, ((DoubleColumn)to).Values, first, count);
                return true;
            case BooleanColumn booleans:
                Array.Copy(booleans.Values, start, ((BooleanColumn)to).Values, first, count);
                return true;
            case VarcharColumn:
                return false;
            default:
                throw new InvalidOperationException($"Unexpected column kind {from.GetType().Name}.");
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
}
