using Apache.Arrow;
using Apache.Arrow.Ipc;
using AdoCommand = DuckDB.NET.Data.DuckDBCommand;
using AdoException = DuckDB.NET.Data.DuckDBException;

namespace Analytics.DuckDb;

/// <summary>
/// A query result as Apache Arrow record batches, produced by DuckDB's own Arrow conversion (DuckDB.NET's
/// <see cref="AdoCommand.ExecuteArrowStream"/>, streaming mode): one batch per DuckDB chunk (up to 2,048 rows), read
/// as DuckDB produces them, so a result larger than memory passes through. Types are DuckDB's Arrow mapping under
/// the session's settings (TIMESTAMPTZ is timestamp[us] in the session time zone). Until it is disposed, the
/// connection can run nothing else.
/// </summary>
public sealed class DuckDbArrowStream : IDisposable
{
    private readonly AdoCommand _command;
    private readonly IArrowArrayStream _stream;

    private DuckDbArrowStream(AdoCommand command, IArrowArrayStream stream)
    {
        _command = command;
        _stream = stream;
    }

    public Schema Schema => _stream.Schema;

    /// <summary>Runs SQL (earlier statements to completion, the last one as a stream).</summary>
    /// <exception cref="DuckDbException">DuckDB's error.</exception>
    internal static DuckDbArrowStream Open(AdoCommand command)
    {
        try
        {
            command.UseStreamingMode = true;
            return new DuckDbArrowStream(command, command.ExecuteArrowStream());
        }
        catch (AdoException e)
        {
            command.Dispose();
            throw new DuckDbException(e.Message, e);
        }
    }

    /// <summary>The next batch (dispose it once written), or null at the end of the result.</summary>
    /// <exception cref="DuckDbException">The query failed while producing rows (e.g. a cast error, an interrupt).</exception>
    public RecordBatch? ReadNext()
    {
        try
        {
            // DuckDB.NET's stream is synchronous underneath: the ValueTask is already complete.
            return _stream.ReadNextRecordBatchAsync().AsTask().GetAwaiter().GetResult();
        }
        catch (AdoException e)
        {
            throw new DuckDbException(e.Message, e);
        }
    }

    public void Dispose()
    {
        _stream.Dispose();
        _command.Dispose();
    }
}
