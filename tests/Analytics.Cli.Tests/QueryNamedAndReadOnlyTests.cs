using System.Globalization;
using System.Text.RegularExpressions;
using Analytics.DuckDb;
using Analytics.DuckDb.Parquet;

namespace Analytics.Cli.Tests;

/// <summary>`query --name/--param/--file/--allow-writes` and `report` over a small dataset written in the test.</summary>
public sealed class QueryNamedAndReadOnlyTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "analytics-cli-tests", Guid.NewGuid().ToString("N"));

    public QueryNamedAndReadOnlyTests()
    {
        using var db = DuckDbDatabase.Open();
        using var connection = db.Connect();
        // 40 executions over 4 days: every 4th fails, every 10th is still running.
        ParquetWriter.Write(connection, """
            SELECT 'arn:aws:states:us-east-1:1:execution:orders:' || range AS execution_arn, 'orders' AS state_machine_name,
                   CASE WHEN range % 10 = 9 THEN 'RUNNING' WHEN range % 4 = 0 THEN 'FAILED' ELSE 'SUCCEEDED' END AS status,
                   TIMESTAMPTZ '2026-11-16 00:00:00+00' + to_hours(range * 2) AS start_time,
                   CAST(TIMESTAMPTZ '2026-11-16 00:00:00+00' + to_hours(range * 2) AS DATE) AS date
            FROM range(40)
            """, Path.Combine(_root, "executions"), new ParquetWriteOptions { PartitionBy = ["date"], FileNamePrefix = "run-1" });
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Named_query_with_a_window_counts_only_executions_started_in_it()
    {
        // [2026-11-16, 2026-11-17): executions 0..11 (every 2 h); failed: 0, 4, 8; running: 9.
        var run = CliRunner.Run("query", "--name", "failure_rates", "--data", _root, "--param", "start=2026-11-16", "--param", "end=2026-11-17",
            "--format", "csv");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(
            "account_id,region,state_machine,is_map_run,executions,succeeded,failed,timed_out,aborted,running,closed,failure_rate\r\n"
            + $"1,us-east-1,orders,false,12,8,3,0,0,1,11,{(3.0 / 11).ToString("R", CultureInfo.InvariantCulture)}\r\n",
            run.Stdout);
    }

    [Fact]
    public void Region_and_account_parameters_filter_a_named_query_and_a_malformed_account_is_a_usage_error()
    {
        var other = CliRunner.Run("query", "--name", "failure_rates", "--data", _root, "--param", "region=eu-west-1", "--format", "csv");
        var bad = CliRunner.Run("query", "--name", "failure_rates", "--data", _root, "--param", "account=1", "--format", "csv");

        Assert.Equal((0, "account_id,region,state_machine,is_map_run,executions,succeeded,failed,timed_out,aborted,running,closed,failure_rate\r\n"),
            (other.ExitCode, other.Stdout));
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("Parameter account='1' is not an AWS account id (12 digits).", bad.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Sql_file_runs_over_the_views()
    {
        var file = Path.Combine(_root, "_q.sql");
        File.WriteAllText(file, "SELECT count(*) AS n FROM executions WHERE status = 'FAILED'");

        var run = CliRunner.Run("query", "--file", file, "--data", _root, "--format", "csv");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("n\r\n10\r\n", run.Stdout);
    }

    [Fact]
    public void Copy_to_is_refused_without_allow_writes_and_runs_with_it()
    {
        var target = Path.Combine(_root, "_out.csv");
        var copy = $"COPY (SELECT count(*) AS n FROM executions) TO '{target}'";

        var refused = CliRunner.Run("query", copy, "--data", _root);
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("--allow-writes", refused.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(target));

        var allowed = CliRunner.Run("query", copy, "--data", _root, "--allow-writes");
        Assert.Equal(0, allowed.ExitCode);
        Assert.Equal("n\n40\n", File.ReadAllText(target));
    }

    [Fact]
    public void Unknown_parameter_and_unknown_name_are_usage_errors()
    {
        var badParam = CliRunner.Run("query", "--name", "failure_rates", "--data", _root, "--param", "since=2026-11-16");
        var badName = CliRunner.Run("query", "--name", "no_such_query", "--data", _root);
        var both = CliRunner.Run("query", "SELECT 1", "--name", "failure_rates", "--data", _root);

        Assert.Equal(2, badParam.ExitCode);
        Assert.Contains("has no parameter 'since'", badParam.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, badName.ExitCode);
        Assert.Contains("failure_rates", badName.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, both.ExitCode);
    }

    [Fact]
    public void Report_writes_markdown_and_html_for_the_week()
    {
        var output = Path.Combine(_root, "_reports");

        var run = CliRunner.Run("report", "--week", "2026-W47", "--data", _root, "--out", output);
        var badWeek = CliRunner.Run("report", "--week", "2026-47", "--data", _root, "--out", output);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("| orders |", File.ReadAllText(Path.Combine(output, "2026-W47.md")), StringComparison.Ordinal);
        Assert.StartsWith("<!DOCTYPE html>", File.ReadAllText(Path.Combine(output, "2026-W47.html")), StringComparison.Ordinal);
        Assert.Equal(2, badWeek.ExitCode);
        Assert.Contains("ISO week", badWeek.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_over_a_week_without_executions_says_so_at_the_top_and_exits_1()
    {
        var output = Path.Combine(_root, "_reports");

        var run = CliRunner.Run("report", "--week", "2026-W40", "--data", _root, "--out", output);

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("No executions in this dataset started in 2026-W40", run.Stdout, StringComparison.Ordinal);
        var markdown = File.ReadAllText(Path.Combine(output, "2026-W40.md"));
        Assert.Contains("> **No executions in this dataset started in 2026-W40", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("No regressions flagged", markdown, StringComparison.Ordinal);
        Assert.Contains("id=\"empty-week\"", File.ReadAllText(Path.Combine(output, "2026-W40.html")), StringComparison.Ordinal);
    }

    [Fact]
    public void Report_over_a_folder_that_is_not_a_dataset_exits_2_and_writes_nothing()
    {
        var notADataset = Directory.CreateDirectory(Path.Combine(_root, "_not_a_dataset", "photos")).Parent!.FullName;
        var output = Path.Combine(_root, "_reports_none");

        var run = CliRunner.Run("report", "--week", "2026-W47", "--data", notADataset, "--out", output);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("is not a dataset", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("regressions", run.Stdout, StringComparison.OrdinalIgnoreCase);
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public void Report_prints_the_headline_block()
    {
        var run = CliRunner.Run("report", "--week", "2026-W47", "--data", _root, "--out", Path.Combine(_root, "_reports_headlines"));

        // 40 executions, 36 closed (every 10th runs), 10 failed (every 4th; none of them is a running one).
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Headlines 2026-W47 (last week 2026-W46):", run.Stdout, StringComparison.Ordinal);
        var text = Regex.Replace(run.Stdout, " +", " ");
        Assert.Contains(" Executions 40 (last week 0, –)\n", text, StringComparison.Ordinal);
        Assert.Contains(" Failure rate 27.78% (last week –, –)\n", text, StringComparison.Ordinal);
        Assert.Contains(" Regressions flagged 0\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Table_output_spells_durations_rates_and_counts_for_people_while_csv_keeps_raw_values()
    {
        const string Sql = "SELECT 176351313 AS p95_ms, 850 AS p50_ms, 0.1234::DOUBLE AS failure_rate, 1234567 AS executions, 2.5::DOUBLE AS ratio";

        var table = CliRunner.Run("query", Sql);
        var csv = CliRunner.Run("query", Sql, "--format", "csv");

        Assert.Equal(0, table.ExitCode);
        Assert.Contains("| 49 h | 850 ms | 12.34% | 1,234,567 | 2.5 |", Regex.Replace(table.Stdout, " +", " "), StringComparison.Ordinal);
        Assert.Equal("p95_ms,p50_ms,failure_rate,executions,ratio\r\n176351313,850,0.1234,1234567,2.5\r\n", csv.Stdout);
    }
}
