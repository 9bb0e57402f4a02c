namespace Analytics.Core.Columns;

// Typed cell setters for rows built from objects (listing and Describe responses), where a missing value stays null.
// The hot paths (the flatteners) use the columns directly.
public sealed partial class ColumnBatch
{
    public void Set(int column, int row, string? value)
    {
        if (value is not null)
        {
            Varchar(column).Set(row, value);
        }
    }

    /// <summary>Into an INTEGER or BIGINT column.</summary>
    public void Set(int column, int row, long? value)
    {
        if (value is not { } number)
        {
            return;
        }
        if (_columns[column] is Int32Column ints)
        {
            ints.Set(row, checked((int)number));
        }
        else
        {
            Int64(column).Set(row, number);
        }
    }

    public void Set(int column, int row, double? value)
    {
        if (value is { } number)
        {
            Double(column).Set(row, number);
        }
    }

    public void Set(int column, int row, bool? value)
    {
        if (value is { } flag)
        {
            Boolean(column).Set(row, flag);
        }
    }

    /// <summary>Into a timestamp column, as microseconds since the epoch.</summary>
    public void Set(int column, int row, DateTimeOffset? value)
    {
        if (value is { } time)
        {
            Int64(column).Set(row, (time.UtcTicks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerMicrosecond);
        }
    }
}
