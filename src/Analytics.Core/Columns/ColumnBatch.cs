namespace Analytics.Core.Columns;

/// <summary>
/// Rows of one table as struct-of-arrays columns, sized like a DuckDB data chunk so a writer hands a full batch to
/// DuckDB as one chunk. Producers call <see cref="AddRow"/>, set the columns they have (the rest stay null), and
/// flush when <see cref="IsFull"/>.
/// </summary>
public sealed partial class ColumnBatch
{
    /// <summary>DuckDB's STANDARD_VECTOR_SIZE: the rows one data chunk holds.</summary>
    public const int DefaultCapacity = 2048;

    private readonly Column[] _columns;

    public ColumnBatch(TableSchema schema, int capacity = DefaultCapacity)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Schema = schema;
        Capacity = capacity;
        _columns = new Column[schema.Columns.Length];
        for (var i = 0; i < _columns.Length; i++)
        {
            _columns[i] = Column.Create(schema.Columns[i], capacity);
        }
    }

    public TableSchema Schema { get; }

    public int Capacity { get; }

    /// <summary>Rows added since the last <see cref="Clear"/>.</summary>
    public int Count { get; private set; }

    /// <summary>The batch holds a data chunk's worth of rows (or more, when it grew with <see cref="AddRowGrowing"/>).</summary>
    public bool IsFull => Count >= Capacity;

    public int ColumnCount => _columns.Length;

    public Column this[int column] => _columns[column];

    /// <summary>Bytes of the columns' buffers: what the batch costs in memory, however few rows it holds.</summary>
    public long AllocatedBytes
    {
        get
        {
            long bytes = 0;
            foreach (var column in _columns)
            {
                bytes += column.AllocatedBytes;
            }
            return bytes;
        }
    }

    public Int64Column Int64(int column) => (Int64Column)_columns[column];

    public Int32Column Int32(int column) => (Int32Column)_columns[column];

    public DoubleColumn Double(int column) => (DoubleColumn)_columns[column];

    public BooleanColumn Boolean(int column) => (BooleanColumn)_columns[column];

    public VarcharColumn Varchar(int column) => (VarcharColumn)_columns[column];

    /// <summary>Starts a new row with every column null and returns its index.</summary>
    public int AddRow()
    {
        if (Count >= Capacity)
        {
            throw new InvalidOperationException($"Batch for '{Schema.Name}' is full ({Capacity} rows): flush it first.");
        }
        return Count++;
    }

    /// <summary>Like <see cref="AddRow"/>, but a full batch grows (doubling its buffers) instead of refusing: for rows
    /// held back until they are validated. Allocates only when the batch outgrows what it ever held.</summary>
    public int AddRowGrowing()
    {
        if (Count == _columns[0].Capacity)
        {
            foreach (var column in _columns)
            {
                column.Grow(Count * 2);
            }
        }
        return Count++;
    }

    /// <summary>Drops the rows from <paramref name="count"/> on (an abandoned execution's), keeping those before.</summary>
    public void TruncateRows(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, Count);
        foreach (var column in _columns)
        {
            column.TruncateRows(count, Count);
        }
        Count = count;
    }

    /// <summary>Drops every row and gives the VARCHAR columns' arenas back to the <see cref="ArenaPool"/>: for a batch
    /// nobody keeps (its arenas would otherwise wait on the large-object heap for a gen2 collection). The batch stays
    /// usable; a value written later rents a new arena.</summary>
    public void Release()
    {
        foreach (var column in _columns)
        {
            column.Release();
        }
        Count = 0;
    }

    /// <summary>Drops every row (buffers are kept for reuse).</summary>
    public void Clear()
    {
        foreach (var column in _columns)
        {
            column.Clear();
        }
        Count = 0;
    }
}
