using System.Runtime.CompilerServices;

namespace Analytics.Core.Columns;

/// <summary>
/// One column of a <see cref="ColumnBatch"/>: a fixed-capacity value buffer plus a validity bitmap laid out like
/// DuckDB's (bit i of word i/64 set = row i is not null), so a writer can copy both in bulk.
/// </summary>
public abstract class Column
{
    private protected Column(ColumnSpec spec, int capacity)
    {
        Spec = spec;
        Capacity = capacity;
        Validity = new ulong[(capacity + 63) / 64];
    }

    public ColumnSpec Spec { get; }

    /// <summary>Rows the buffers hold (grows with <see cref="Grow"/>).</summary>
    public int Capacity { get; private set; }

    /// <summary>DuckDB-layout validity mask: a set bit means the row holds a value.</summary>
    public ulong[] Validity { get; private set; }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool IsNull(int row) => (Validity[row >> 6] & (1UL << (row & 63))) == 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void SetNull(int row) => Validity[row >> 6] &= ~(1UL << (row & 63));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private protected void MarkValid(int row) => Validity[row >> 6] |= 1UL << (row & 63);

    /// <summary>Bytes of the column's buffers (what it keeps allocated whatever the rows hold).</summary>
    public virtual long AllocatedBytes => Validity.Length * (long)sizeof(ulong);

    /// <summary>Forgets every value: all rows null again.</summary>
    public virtual void Clear() => Array.Clear(Validity);

    /// <summary>Forgets every value and gives pooled buffers back (<see cref="ColumnBatch.Release"/>).</summary>
    public virtual void Release() => Clear();

    /// <summary>Forgets the values of rows <paramref name="count"/> to <paramref name="oldCount"/> - 1 (they are null
    /// again), keeping the rows before.</summary>
    public virtual void TruncateRows(int count, int oldCount)
    {
        for (var row = count; row < oldCount; row++)
        {
            SetNull(row);
        }
    }

    /// <summary>Makes room for <paramref name="capacity"/> rows, keeping the values (a batch that holds one
    /// execution's rows until it is validated may outgrow a data chunk).</summary>
    public virtual void Grow(int capacity)
    {
        if (capacity <= Capacity)
        {
            return;
        }
        var validity = Validity;
        Array.Resize(ref validity, (capacity + 63) / 64);
        Validity = validity;
        Capacity = capacity;
    }

    internal static Column Create(ColumnSpec spec, int capacity) => spec.Type switch
    {
        ColumnType.BigInt or ColumnType.TimestampTz or ColumnType.Timestamp => new Int64Column(spec, capacity),
        ColumnType.Integer => new Int32Column(spec, capacity),
        ColumnType.Double => new DoubleColumn(spec, capacity),
        ColumnType.Boolean => new BooleanColumn(spec, capacity),
        ColumnType.Varchar => new VarcharColumn(spec, capacity),
        _ => throw new ArgumentOutOfRangeException(nameof(spec), spec.Type, "Unknown column type."),
    };
}

/// <summary>A fixed-width column of unmanaged values (BIGINT, INTEGER, DOUBLE, BOOLEAN, timestamps).</summary>
public abstract class FixedColumn<T> : Column
    where T : unmanaged
{
    private protected FixedColumn(ColumnSpec spec, int capacity)
        : base(spec, capacity) => Values = new T[capacity];

    /// <summary>The raw values; a null row's value is unspecified.</summary>
    public T[] Values { get; private set; }

    public override long AllocatedBytes => base.AllocatedBytes + ((long)Values.Length * Unsafe.SizeOf<T>());

    public override void Grow(int capacity)
    {
        if (capacity > Capacity)
        {
            var values = Values;
            Array.Resize(ref values, capacity);
            Values = values;
        }
        base.Grow(capacity);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Set(int row, T value)
    {
        Values[row] = value;
        MarkValid(row);
    }

    public T Get(int row) => Values[row];
}

/// <summary>BIGINT, or a timestamp as microseconds since the Unix epoch.</summary>
public sealed class Int64Column(ColumnSpec spec, int capacity) : FixedColumn<long>(spec, capacity);

public sealed class Int32Column(ColumnSpec spec, int capacity) : FixedColumn<int>(spec, capacity);

public sealed class DoubleColumn(ColumnSpec spec, int capacity) : FixedColumn<double>(spec, capacity);

/// <summary>BOOLEAN stored as one byte per row, as DuckDB's vectors do.</summary>
public sealed class BooleanColumn(ColumnSpec spec, int capacity) : FixedColumn<bool>(spec, capacity);
