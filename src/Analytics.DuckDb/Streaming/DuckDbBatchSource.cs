using Analytics.Core.Columns;
using Analytics.Core.Output;

namespace Analytics.DuckDb.Streaming;

/// <summary>
/// Streams pushed <see cref="ColumnBatch"/>es into one DuckDB query without staging them in a table: the query
/// reads them as the table function <c>analytics_batches(id)</c> (<see cref="TableExpression"/>) and runs on its own
/// connection and thread, started by the constructor. <see cref="Write"/> copies the batch (so it can be reused at
/// once) into a queue; every <see cref="HandOverRows"/> rows (or <see cref="HandOverBytes"/> of queued buffers) the producer
/// hands the queue to the query and waits until DuckDB has read, processed and asked for more than it holds. So
/// producer and query take turns: only one of the two threads works at any moment (one core, like a
/// single-threaded COPY), and they switch twice per 65,536 rows rather than per chunk. <see cref="Complete"/>
/// ends the rows and waits for the query; <see cref="Abort"/> (or <see cref="Dispose"/> before completion) makes
/// the query fail so it publishes nothing. Use from one producer thread.
/// </summary>
public sealed partial class DuckDbBatchSource : IBatchSink, IDisposable
{
    /// <summary>Rows the producer queues before handing them to the query.</summary>
    public const int HandOverRows = 65_536;

    /// <summary>Bytes of queued copies (their buffers, <see cref="ColumnBatch.AllocatedBytes"/>, however few rows they
    /// hold) the producer queues before handing them to the query: the queue's memory bound.</summary>
    public const long HandOverBytes = 16 << 20;

    private readonly object _gate = new();
    private readonly long _id;
    private readonly DuckDbConnection _connection;
    private readonly Thread _thread;
    private readonly string _sql;
    private readonly int _chunkCapacity;
    private readonly DateSlots? _dateSlots;
    private readonly CancellationToken _cancellationToken;
    private readonly CancellationTokenRegistration _cancellation;
    private readonly BatchPool _pool;
    private TableSchema? _verifiedSchema;

    // The producer's: copies not handed over yet, and their size.
    private readonly List<ColumnBatch> _filling = [];
    private long _fillingRows;
    private long _fillingBytes;

    // Guarded by _gate: copies handed to the query, copies it has read (to reuse), the one being read and how far,
    // and how the exchange ends.
    private readonly Queue<ColumnBatch> _ready = new();
    private readonly Stack<ColumnBatch> _spare = new();
    private ColumnBatch? _current;
    private int _offset;
    private bool _completed;
    private bool _aborted;
    private bool _cancelled;
    private bool _queryEnded;
    private Exception? _queryError;
    private Exception? _scanError;
    private long _rowsChanged;
    private int[]? _projection;
    private bool _joined;

    /// <param name="database">The database to run the query in (a connection of its own is opened).</param>
    /// <param name="schema">The batches' table: the function's columns, by name and type.</param>
    /// <param name="sql">Builds the query from the table expression to read the batches from, e.g.
    /// <c>from =&gt; $"COPY (SELECT * FROM {from}) TO 'x.parquet'"</c>.</param>
    /// <param name="dateColumn">An extra column the source computes after the schema's: the UTC date of a timestamp
    /// column (a partition key without per-row SQL).</param>
    /// <param name="cancellationToken">Interrupts the query (which then fails, so nothing is published); the
    /// producer's next <see cref="Write"/> or <see cref="Complete"/> throws <see cref="OperationCanceledException"/>.</param>
    /// <param name="pool">Where the queue's copies come from and go back to on <see cref="Dispose"/> (share one across
    /// sources written one after another); by default the source's own.</param>
    public DuckDbBatchSource(
        DuckDbDatabase database, TableSchema schema, Func<string, string> sql, UtcDateColumn? dateColumn = null, CancellationToken cancellationToken = default,
        BatchPool? pool = null)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(sql);
        Schema = schema;
        _pool = pool ?? new BatchPool();
        if (dateColumn is not null)
        {
            _dateSlots = new DateSlots(dateColumn, DateSourceIndex(schema, dateColumn));
        }
        _chunkCapacity = (int)Duck.Helpers.DuckDBVectorSize();
        _id = BatchTableFunction.Add(this);
        try
        {
            TableExpression = $"{BatchTableFunction.Name}({_id})";
            _sql = sql(TableExpression);
            _connection = database.Connect();
            database.EnsureBatchFunction(_connection);
        }
        catch
        {
            _connection?.Dispose();
            BatchTableFunction.Remove(_id);
            throw;
        }
        _cancellationToken = cancellationToken;
        _thread = new Thread(RunQuery) { IsBackground = true, Name = $"duckdb {TableExpression}" };
        _thread.Start();
        _cancellation = cancellationToken.Register(Cancel);
    }

    public TableSchema Schema { get; }

    /// <summary>The computed date column the query sees after the schema's columns, if any.</summary>
    public UtcDateColumn? DateColumn => _dateSlots?.Column;

    /// <summary>What the query reads the batches from: <c>analytics_batches(&lt;id&gt;)</c>.</summary>
    public string TableExpression { get; }

    /// <summary>Rows handed to the query so far.</summary>
    public long RowsWritten { get; private set; }

    /// <summary>Queues a copy of the batch's rows for the query (the batch can be reused at once), handing the queue
    /// over when it is full.</summary>
    /// <exception cref="DuckDbException">The query failed (its message, or the scan's own error), or already ended.</exception>
    public void Write(ColumnBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (!ReferenceEquals(batch.Schema, _verifiedSchema))
        {
            VerifySchema(batch.Schema);
            _verifiedSchema = batch.Schema;
        }
        if (batch.Count == 0)
        {
            return;
        }
        if (TryAppendToLast(batch))
        {
            return;
        }
        ColumnBatch? copy;
        lock (_gate)
        {
            ThrowIfClosed();
            _spare.TryPop(out copy);
        }
        if (copy is null || copy.Capacity < batch.Count)
        {
            if (copy is not null)
            {
                _pool.Return(copy);
            }
            copy = _pool.Rent(Schema, Math.Max(batch.Count, batch.Capacity));
        }
        BatchCopy.Copy(batch, copy);
        Queue(copy);
    }

    /// <summary>Queues the batch itself, not a copy: the source owns it from now on (it goes to the pool when the
    /// source is disposed). For a batch of the source's pool, e.g. rows a writer held back until now.</summary>
    /// <exception cref="DuckDbException">The query failed, or already ended.</exception>
    internal void WriteOwned(ColumnBatch batch)
    {
        if (!ReferenceEquals(batch.Schema, Schema))
        {
            VerifySchema(batch.Schema);
        }
        if (batch.Count == 0)
        {
            // An empty batch would end the scan.
            _pool.Return(batch);
            return;
        }
        lock (_gate)
        {
            ThrowIfClosed();
        }
        Queue(batch);
    }

    /// <summary>A small batch (a date's share of a batch, one execution's rows) joins the last queued copy when it has
    /// room: a copy per write would cost a whole batch's buffers for a few rows, and the queue's memory would no longer
    /// follow its row count. A large one gets a copy of its own (bulk copies are cheaper than appends).</summary>
    private bool TryAppendToLast(ColumnBatch batch)
    {
        if (_filling.Count == 0 || batch.Count > ColumnBatch.DefaultCapacity / 2)
        {
            return false;
        }
        var last = _filling[^1];
        if (last.Count + batch.Count > last.Capacity)
        {
            return false;
        }
        lock (_gate)
        {
            ThrowIfClosed();
        }
        var before = last.AllocatedBytes;
        BatchCopy.AppendRows(batch, 0, batch.Count, last);
        Account(batch.Count, last.AllocatedBytes - before);
        return true;
    }

    private void Queue(ColumnBatch copy)
    {
        _filling.Add(copy);
        Account(copy.Count, copy.AllocatedBytes);
    }

    private void Account(int rows, long bytes)
    {
        _fillingRows += rows;
        _fillingBytes += bytes;
        RowsWritten += rows;
        if (_fillingRows >= HandOverRows || _fillingBytes >= HandOverBytes)
        {
            HandOver();
        }
    }

    /// <summary>Rows queued by <see cref="Write"/> and not handed to the query yet.</summary>
    internal long PendingRows => _fillingRows;

    /// <summary>Bytes of the copies queued by <see cref="Write"/> and not handed to the query yet.</summary>
    internal long PendingBytes => _fillingBytes;

    /// <summary>Hands the queued rows to the query now: for a caller bounding the queues of several sources together.</summary>
    /// <exception cref="DuckDbException">The query failed.</exception>
    internal void HandOverPending()
    {
        if (_filling.Count > 0)
        {
            HandOver();
        }
    }

    /// <summary>Ends the rows and waits for the query to finish.</summary>
    /// <returns>DuckDB's changed-rows count for the query (for a COPY: the rows written).</returns>
    /// <exception cref="DuckDbException">The query failed.</exception>
    public long Complete()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_aborted, this);
        }
        if (_filling.Count > 0)
        {
            HandOver();
        }
        lock (_gate)
        {
            _completed = true;
            Monitor.PulseAll(_gate);
        }
        Join();
        lock (_gate)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            return _queryError is null ? _rowsChanged : throw Failure("The query failed.");
        }
    }

    /// <summary>Gives the queued copies to the query and waits until it has read them all and asks for more.</summary>
    private void HandOver()
    {
        lock (_gate)
        {
            ThrowIfClosed();
            foreach (var copy in _filling)
            {
                _ready.Enqueue(copy);
            }
            _filling.Clear();
            _fillingRows = 0;
            _fillingBytes = 0;
            Monitor.PulseAll(_gate);
            while ((_ready.Count > 0 || _current is not null) && !_queryEnded)
            {
                Monitor.Wait(_gate);
            }
            if (_ready.Count > 0 || _current is not null)
            {
                _ready.Clear();
                _current = null;
                _cancellationToken.ThrowIfCancellationRequested();
                throw Failure("The query stopped reading its batches before they were all written.");
            }
        }
    }

    /// <summary>Makes the query fail at its next read (so it publishes nothing) and waits for it to end.</summary>
    public void Abort()
    {
        lock (_gate)
        {
            if (!_completed)
            {
                _aborted = true;
                Monitor.PulseAll(_gate);
            }
        }
        Join();
    }

    /// <summary>Aborts the query unless it was completed, closes the connection and gives the copies back to the pool.</summary>
    public void Dispose()
    {
        _cancellation.Dispose();
        Abort();
        _connection.Dispose();
        BatchTableFunction.Remove(_id);
        ReturnCopies();
    }

    /// <summary>Once the query has ended (nothing reads them any more), every copy goes back to the pool.</summary>
    private void ReturnCopies()
    {
        lock (_gate)
        {
            foreach (var copy in _filling.Concat(_ready).Concat(_spare))
            {
                _pool.Return(copy);
            }
            if (_current is not null)
            {
                _pool.Return(_current);
            }
            _filling.Clear();
            _ready.Clear();
            _spare.Clear();
            _current = null;
        }
    }

    private void Join()
    {
        if (_joined)
        {
            return;
        }
        _thread.Join();
        _joined = true;
    }

    private void RunQuery()
    {
        long changed = 0;
        Exception? error = null;
        try
        {
            changed = _connection.Execute(_sql);
        }
        catch (Exception ex)
        {
            // Reported to the producer by Write/Complete; a query thread must not die with an exception.
            error = ex;
        }
        lock (_gate)
        {
            _rowsChanged = changed;
            _queryError = error;
            _queryEnded = true;
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>On the token's cancellation: the scan fails at its next read, and DuckDB stops whatever it is doing.</summary>
    private void Cancel()
    {
        lock (_gate)
        {
            _cancelled = true;
            Monitor.PulseAll(_gate);
        }
        _connection.Interrupt();
    }

    private void ThrowIfClosed()
    {
        _cancellationToken.ThrowIfCancellationRequested();
        ObjectDisposedException.ThrowIf(_aborted, this);
        if (_completed)
        {
            throw new InvalidOperationException("The batch source was completed; no more rows can be written.");
        }
        if (_queryEnded)
        {
            throw Failure("The query stopped reading its batches before they were all written.");
        }
    }

    /// <summary>The error to give the producer: the scan's own (e.g. invalid UTF-8) when it caused the failure,
    /// else DuckDB's.</summary>
    private DuckDbException Failure(string fallback)
    {
        if (_scanError is { } scan)
        {
            return new DuckDbException(scan.Message, scan);
        }
        return _queryError is { } query ? new DuckDbException(query.Message, query) : new DuckDbException(fallback);
    }

    private static int DateSourceIndex(TableSchema schema, UtcDateColumn column)
    {
        var index = schema.IndexOf(column.TimestampColumn);
        if (index < 0 || schema.Columns[index].Type is not (ColumnType.TimestampTz or ColumnType.Timestamp))
        {
            throw new ArgumentException($"Table '{schema.Name}' has no timestamp column '{column.TimestampColumn}' to take dates from.", nameof(column));
        }
        if (schema.IndexOf(column.Name) >= 0)
        {
            throw new ArgumentException($"Table '{schema.Name}' already has a column '{column.Name}'.", nameof(column));
        }
        return index;
    }

    private void VerifySchema(TableSchema schema)
    {
        if (ReferenceEquals(schema, Schema))
        {
            return;
        }
        var same = schema.Columns.Length == Schema.Columns.Length
            && schema.Columns.Zip(Schema.Columns).All(pair => pair.First.Name == pair.Second.Name && pair.First.Type == pair.Second.Type);
        if (!same)
        {
            throw new ArgumentException(
                $"Batch '{schema.Name}' ({string.Join(", ", schema.Columns.Select(c => $"{c.Name} {c.Type}"))}) does not match "
                + $"the source's columns ({string.Join(", ", Schema.Columns.Select(c => $"{c.Name} {c.Type}"))}).", nameof(schema));
        }
    }
}
