using System.Reflection;
using System.Text;
using System.Text.Json;
using Analytics.DuckDb;

namespace Analytics.Query.Tests.Dataset;

/// <summary>
/// Writes generated rows as the exporter lays them out: DIR/&lt;table&gt;/date=YYYY-MM-DD/*.parquet, written by DuckDB's
/// Parquet writer from typed columns (rows go through a JSON-lines file that DuckDB reads with explicit types).
/// </summary>
internal static class DatasetWriter
{
    private static readonly JsonSerializerOptions s_json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static void Write(GeneratedWorld world, string root)
    {
        using var database = DuckDbDatabase.Open(null, new DuckDbConfig { Threads = 1 });
        using var connection = database.Connect();
        connection.Execute("SET TimeZone = 'UTC'");
        WriteTable(connection, root, "state_machines", world.StateMachines, "exported_at");
        WriteTable(connection, root, "functions", world.Functions, "exported_at");
        WriteTable(connection, root, "executions", world.Executions, "execution_start_time");
        WriteTable(connection, root, "state_visits", world.StateVisits, "execution_start_time");
        WriteTable(connection, root, "task_attempts", world.TaskAttempts, "execution_start_time");
        WriteTable(connection, root, "map_runs", world.MapRuns, "execution_start_time");
        WriteTable(connection, root, "durable_executions", world.DurableExecutions, "execution_start_time");
        WriteTable(connection, root, "durable_operations", world.DurableOperations, "execution_start_time");
        WriteTable(connection, root, "durable_events", world.DurableEvents, "execution_start_time");
    }

    /// <summary>Writes one table's rows into its Hive partitions (by the UTC date of <paramref name="partitionColumn"/>).</summary>
    public static void WriteTable<T>(DuckDbConnection connection, string root, string table, IReadOnlyList<T> rows, string partitionColumn,
        string filePrefix = "run-0001")
    {
        if (rows.Count == 0)
        {
            return;
        }
        var staging = Path.Combine(root, "_staging", table + ".jsonl");
        Directory.CreateDirectory(Path.GetDirectoryName(staging)!);
        using (var writer = new StreamWriter(staging, append: false, new UTF8Encoding(false)))
        {
            foreach (var row in rows)
            {
                writer.WriteLine(JsonSerializer.Serialize(row, s_json));
            }
        }
        var exclude = partitionColumn == "exported_at" ? " EXCLUDE (exported_at)" : string.Empty;
        connection.Execute(
            $"COPY (SELECT *{exclude}, CAST({partitionColumn} AS DATE) AS date FROM read_json({DuckDbSql.Literal(staging)}, "
            + $"format = 'newline_delimited', columns = {ColumnsOf(typeof(T))})) "
            + $"TO {DuckDbSql.Literal(Path.Combine(root, table))} (FORMAT parquet, PARTITION_BY (date), OVERWRITE_OR_IGNORE, "
            + $"FILENAME_PATTERN {DuckDbSql.Literal(filePrefix + "_{i}")})");
        File.Delete(staging);
        Directory.Delete(Path.GetDirectoryName(staging)!, recursive: false);
    }

    private static string ColumnsOf(Type type)
    {
        var columns = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => $"{DuckDbSql.Literal(JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name))}: {DuckDbSql.Literal(SqlType(p.PropertyType))}");
        return "{" + string.Join(", ", columns) + "}";
    }

    private static string SqlType(Type type) => (Nullable.GetUnderlyingType(type) ?? type) switch
    {
        var t when t == typeof(string) => "VARCHAR",
        var t when t == typeof(long) => "BIGINT",
        var t when t == typeof(int) => "INTEGER",
        var t when t == typeof(bool) => "BOOLEAN",
        var t when t == typeof(double) => "DOUBLE",
        var t when t == typeof(DateTimeOffset) => "TIMESTAMPTZ",
        var t => throw new NotSupportedException(t.Name),
    };
}
