using Analytics.DuckDb;
using Apache.Arrow.Ipc;

namespace Analytics.Cli.Output;

/// <summary>
/// Streams a result as an Arrow IPC stream (the schema, then one record batch per DuckDB chunk, then the end
/// marker): pyarrow's <c>pa.ipc.open_stream</c>, polars' <c>pl.read_ipc_stream</c> and pandas (through pyarrow) read
/// it as it arrives. An empty result is the schema alone.
/// </summary>
internal static class ArrowResultWriter
{
    public static long Write(DuckDbArrowStream result, Stream output)
    {
        long rows = 0;
        using (var writer = new ArrowStreamWriter(output, result.Schema, leaveOpen: true))
        {
            writer.WriteStart();
            while (result.ReadNext() is { } batch)
            {
                using (batch)
                {
                    writer.WriteRecordBatch(batch);
                    rows += batch.Length;
                }
            }
            writer.WriteEnd();
        }
        output.Flush();
        return rows;
    }
}
