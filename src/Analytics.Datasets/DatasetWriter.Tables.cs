using Analytics.Core.Columns;
using Analytics.DuckDb.Parquet;

namespace Analytics.Datasets;

// Finishing the tables' streams together, so a DuckDB failure in any table publishes nothing of the commit.
public sealed partial class DatasetWriter
{
    /// <summary>Ends every table's rows and waits for its COPY; on any failure every table's files are dropped.</summary>
    private Dictionary<string, (ParquetTarget Target, long Rows)> FinishAll()
    {
        var finished = new Dictionary<string, (ParquetTarget, long)>(StringComparer.Ordinal);
        try
        {
            foreach (var (name, table) in _tables)
            {
                if (table.Writer is { } writer)
                {
                    table.Writer = null;
                    var rows = writer.RowsWritten;
                    finished[name] = (writer.FinishCopy(), rows);
                }
            }
        }
        catch
        {
            DeleteAll(finished);
            Discard();
            throw;
        }
        RowsStaged = 0;
        return finished;
    }

    private static Dictionary<string, long> RowsByTable(Dictionary<string, (ParquetTarget Target, long Rows)> finished) =>
        finished.ToDictionary(pair => pair.Key, pair => pair.Value.Rows, StringComparer.Ordinal);

    private static void DeleteAll(Dictionary<string, (ParquetTarget Target, long Rows)> finished)
    {
        foreach (var (target, _) in finished.Values)
        {
            target.Delete();
        }
    }

    private static void AbortWriter(TableStream table)
    {
        var writer = table.Writer;
        table.Writer = null;
        writer?.Abort();
    }

    private sealed class TableStream(TableSchema schema, DateOnly? fixedDate)
    {
        public TableSchema Schema { get; } = schema;

        /// <summary>A snapshot table's one partition date; null for a table partitioned by execution start.</summary>
        public DateOnly? FixedDate { get; } = fixedDate;

        /// <summary>The table's COPYs in progress, from its first batch after a commit until the next.</summary>
        public DateRoutedWriter? Writer { get; set; }
    }
}
