using Analytics.DuckDb;
using Analytics.DuckDb.Parquet;

namespace Analytics.Cli.Tests;

public sealed class DataOptionTests
{
    [Fact]
    public void Data_folder_tables_become_views_and_private_folders_do_not()
    {
        var root = Path.Combine(Path.GetTempPath(), "analytics-cli-tests", Guid.NewGuid().ToString("N"));
        try
        {
            using (var db = DuckDbDatabase.Open())
            using (var connection = db.Connect())
            {
                var byDate = new ParquetWriteOptions { PartitionBy = ["date"], FileNamePrefix = "run-1" };
                ParquetWriter.Write(connection,
                    "SELECT 'arn:' || range AS execution_arn, ['SUCCEEDED', 'FAILED'][range % 2 + 1] AS status, "
                    + "(DATE '2026-11-20' + (range % 2)::INTEGER)::VARCHAR AS date FROM range(10)",
                    Path.Combine(root, "executions"), byDate);
                ParquetWriter.Write(connection, "SELECT 1 AS run", Path.Combine(root, "_manifest", "m.parquet"));
                ParquetWriter.Write(connection, "SELECT 1 AS x", Path.Combine(root, ".cache", "c.parquet"));
            }
            Directory.CreateDirectory(Path.Combine(root, "empty_table"));

            var counts = CliRunner.Run("query", "SELECT status, count(*) AS n, min(date)::VARCHAR AS first FROM executions GROUP BY status ORDER BY status",
                "--data", root, "--format", "csv");
            var views = CliRunner.Run("query", "SELECT table_name FROM information_schema.tables ORDER BY 1", "--data", root, "--format", "csv");
            var viewNames = views.Stdout.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

            Assert.Equal(0, counts.ExitCode);
            Assert.Equal("status,n,first\r\nFAILED,5,2026-11-21\r\nSUCCEEDED,5,2026-11-20\r\n", counts.Stdout);
            // Every SPEC §5 table is a view (empty until it has files); private and file-less folders are not.
            Assert.Contains("executions", viewNames);
            Assert.Contains("durable_executions", viewNames);
            Assert.DoesNotContain("_manifest", viewNames);
            Assert.DoesNotContain(".cache", viewNames);
            Assert.DoesNotContain("empty_table", viewNames);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Missing_data_folder_is_a_usage_error()
    {
        var run = CliRunner.Run("query", "SELECT 1", "--data", "/nonexistent/dataset");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("/nonexistent/dataset", run.Stderr, StringComparison.Ordinal);
    }
}
