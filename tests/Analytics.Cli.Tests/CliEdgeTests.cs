namespace Analytics.Cli.Tests;

/// <summary>
/// Bad input at the edges of the CLI: a clear one-line error and the documented exit code (2 usage), never a stack
/// trace or a .NET type name.
/// </summary>
public sealed class CliEdgeTests
{
    [Theory]
    [InlineData("query", "SELECT 1", "--threads", "0")]
    [InlineData("query", "SELECT 1", "--threads", "-3")]
    [InlineData("report", "--week", "2026-W47", "--threads", "0")]
    [InlineData("emulator", "--world", "x.json", "--port", "70000")]
    [InlineData("emulator", "--world", "x.json", "--latency-ms", "-1")]
    [InlineData("emulator", "--world", "x.json", "--token-ttl", "0")]
    [InlineData("emulator", "--world", "x.json", "--throttle-rate", "1.5")]
    public void Out_of_range_numbers_are_usage_errors_naming_the_option(params string[] args)
    {
        var run = CliRunner.Run(args);

        Assert.Equal(2, run.ExitCode);
        var option = args.First(a => a.StartsWith("--", StringComparison.Ordinal) && a != "--world" && a != "--week");
        Assert.Contains(option, run.Stderr, StringComparison.Ordinal);
        AssertNoStackTrace(run);
    }

    [Fact]
    public void An_unknown_flag_is_named_not_the_sql()
    {
        var run = CliRunner.Run("query", "--bogus", "SELECT 1");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("unknown option '--bogus'", run.Stderr, StringComparison.Ordinal);
        AssertNoStackTrace(run);
    }

    [Fact]
    public void Export_without_out_names_the_option()
    {
        var run = CliRunner.Run("export", "--endpoint-url", "http://127.0.0.1:9", "--region", "us-east-1");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--out DIR is required", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Out field", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Max_rps_for_an_unknown_api_is_refused()
    {
        using var folder = new TempDirectory();
        var run = CliRunner.Run("export", "--out", folder.Path, "--endpoint-url", "http://127.0.0.1:9", "--region", "us-east-1",
            "--max-rps", "Foo=5");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("'Foo' is not an API the export calls", run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("limit=-1", "positive whole number")]
    [InlineData("limit=0", "positive whole number")]
    public void A_limit_that_selects_nothing_is_refused(string parameter, string message)
    {
        using var folder = new TempDirectory();
        var run = CliRunner.Run("query", "SELECT 1", "--data", folder.Path, "--param", parameter);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_window_whose_start_is_after_its_end_is_refused()
    {
        using var folder = new TempDirectory();
        var run = CliRunner.Run("query", "SELECT 1", "--data", folder.Path, "--param", "start=2026-11-23", "--param", "end=2026-11-16");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("is not before end", run.Stderr, StringComparison.Ordinal);
    }

    private static void AssertNoStackTrace(CliResult run)
    {
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", run.Stderr, StringComparison.Ordinal);
    }

    private sealed class TempDirectory : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("analytics-cli-edge-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}

/// <summary>`query` and `report` find their inputs the way a user working in the source tree expects.</summary>
public sealed class CliDefaultsTests
{
    [Fact]
    public void A_query_added_to_the_source_tree_is_seen_without_a_rebuild()
    {
        using var tree = new ScratchTree();
        var queries = Directory.CreateDirectory(Path.Combine(tree.Path, "queries")).FullName;
        foreach (var file in Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "queries"), "*.sql"))
        {
            File.Copy(file, Path.Combine(queries, Path.GetFileName(file)));
        }
        File.WriteAllText(Path.Combine(queries, "brand_new.sql"), "SELECT count(*) AS executions FROM executions;\n");
        Directory.CreateDirectory(Path.Combine(tree.Path, "data", "_manifest"));

        var run = CliRunner.RunIn(tree.Path, null, "query", "--name", "brand_new", "--format", "csv");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("executions\r\n0\r\n", run.Stdout);
        Assert.Contains($"using dataset {Path.Combine(tree.Path, "data")} (the default", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Query_and_report_share_the_default_dataset_from_the_environment()
    {
        using var tree = new ScratchTree();
        var dataset = Directory.CreateDirectory(Path.Combine(tree.Path, "nightly")).FullName;
        Directory.CreateDirectory(Path.Combine(dataset, "_manifest"));
        var environment = new Dictionary<string, string> { ["ANALYTICS__DATA"] = dataset };

        var query = CliRunner.RunIn(tree.Path, environment, "query", "--name", "failure_rates", "--format", "csv");
        var report = CliRunner.RunIn(tree.Path, environment, "report", "--week", "2026-W47", "--out", Path.Combine(tree.Path, "reports"));

        Assert.Equal(0, query.ExitCode);
        Assert.Contains($"using dataset {dataset}", query.Stderr, StringComparison.Ordinal);
        Assert.Contains($"using dataset {dataset}", report.Stderr, StringComparison.Ordinal);
    }

    private sealed class ScratchTree : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("analytics-cli-tree-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
