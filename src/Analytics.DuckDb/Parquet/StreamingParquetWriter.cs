using Analytics.Core.Columns;
using Analytics.Core.Output;
using Analytics.DuckDb.Streaming;

namespace Analytics.DuckDb.Parquet;

/// <summary>
/// Writes pushed <see cref="ColumnBatch"/>es to Parquet with DuckDB's writer, without staging them in a table:
/// <c>COPY (SELECT &lt;select list&gt; FROM analytics_batches(id)) TO … (FORMAT parquet, …)</c> reads each batch
/// as it is written (<see cref="DuckDbBatchSource"/>). Files go to a temporary location and are published by
/// <see cref="Complete"/> exactly as <see cref="ParquetWriter"/> publishes them; a failed or aborted write
/// publishes nothing and leaves no temporary behind.
/// </summary>
public sealed class StreamingParquetWriter : IBatchSink, IDisposable
{
    private readonly ParquetTarget _target;
    private readonly DuckDbBatchSource _source;
    private bool _finished;

    /// <param name="database">The database whose Parquet writer is used (a connection of its own is opened).</param>
    /// <param name="schema">The batches' table.</param>
    /// <param name="destination">The file to create, or with <see cref="ParquetWriteOptions.PartitionBy"/> the root
    /// that receives <c>col=value/…</c> folders.</param>
    /// <param name="options">Partitioning, file names, compression.</param>
    /// <param name="selectList">What to write of each row: <c>*</c>, or columns and expressions over the batch's
    /// columns (e.g. <c>*, 'run-1' AS export_run_id</c>); the partition columns must be among them.</param>
    /// <param name="dateColumn">A UTC date column computed from a timestamp column, readable by the select list (and
    /// by <c>*</c>): the cheap way to partition by date.</param>
    /// <param name="cancellationToken">Stops DuckDB; the next <see cref="Write"/> or <see cref="Complete"/> throws
    /// <see cref="OperationCanceledException"/> and nothing is published.</param>
    public StreamingParquetWriter(
        DuckDbDatabase database, TableSchema schema, string destination, ParquetWriteOptions? options = null, string selectList = "*",
        UtcDateColumn? dateColumn = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentException.ThrowIfNullOrWhiteSpace(selectList);
        _target = ParquetTarget.For(destination, options);
        _source = new DuckDbBatchSource(database, schema, from => _target.CopySql($"SELECT {selectList} FROM {from}"), dateColumn, cancellationToken);
    }

    public TableSchema Schema => _source.Schema;

    /// <summary>Rows handed to DuckDB so far.</summary>
    public long RowsWritten => _source.RowsWritten;

    /// <summary>Hands the batch's rows to the Parquet writer; the batch can be reused as soon as this returns.</summary>
    /// <exception cref="DuckDbException">DuckDB failed (the write is then over: dispose it).</exception>
    public void Write(ColumnBatch batch) => _source.Write(batch);

    /// <summary>Ends the rows, waits for DuckDB to finish the files and publishes them.</summary>
    /// <returns>The final paths, sorted (none for a partitioned write of no rows).</returns>
    /// <exception cref="DuckDbException">DuckDB failed; nothing was published.</exception>
    public IReadOnlyList<string> Complete()
    {
        var target = FinishCopy();
        try
        {
            return target.Publish();
        }
        finally
        {
            target.Delete();
        }
    }

    /// <summary>Stops the write: nothing is published and the temporary files are removed.</summary>
    public void Abort()
    {
        if (_finished)
        {
            return;
        }
        _finished = true;
        try
        {
            _source.Dispose();
        }
        finally
        {
            _target.Delete();
        }
    }

    /// <summary>Aborts unless <see cref="Complete"/> ran.</summary>
    public void Dispose() => Abort();

    /// <summary>Writes every batch produced by <paramref name="produce"/> and publishes the files; if the producer
    /// throws, nothing is published and its exception propagates.</summary>
    public static IReadOnlyList<string> Write(
        DuckDbDatabase database, TableSchema schema, Action<IBatchSink> produce, string destination, ParquetWriteOptions? options = null, string selectList = "*")
    {
        ArgumentNullException.ThrowIfNull(produce);
        using var writer = new StreamingParquetWriter(database, schema, destination, options, selectList);
        produce(writer);
        return writer.Complete();
    }

    /// <summary>Ends the rows and waits for the COPY; the files are then at the target's temporary location, for the
    /// caller to publish or stage (and then delete the rest).</summary>
    internal ParquetTarget FinishCopy()
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        _finished = true;
        try
        {
            _source.Complete();
        }
        catch
        {
            _target.Delete();
            throw;
        }
        finally
        {
            _source.Dispose();
        }
        return _target;
    }
}
