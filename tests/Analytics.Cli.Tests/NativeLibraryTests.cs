using System.Runtime.InteropServices;

namespace Analytics.Cli.Tests;

public sealed class NativeLibraryTests
{
    [Fact]
    public void Missing_library_gives_one_clear_error_naming_the_fix()
    {
        var run = CliRunner.Run(new Dictionary<string, string> { ["DUCKDB_LIBRARY"] = "/nonexistent/libduckdb.so" }, "query", "select 42 as x");

        Assert.NotEqual(0, run.ExitCode);
        var lines = run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.Contains("/nonexistent/libduckdb.so", lines[0], StringComparison.Ordinal);
        Assert.Contains("make setup", lines[0], StringComparison.Ordinal);
        Assert.Contains("DUCKDB_LIBRARY", lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_shared_library_that_is_not_DuckDB_is_rejected_with_what_it_lacks()
    {
        // A real ELF library that certainly is not DuckDB: one of the .NET runtime's own.
        var notDuckDb = Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "libSystem.Native.so");

        var run = CliRunner.Run(new Dictionary<string, string> { ["DUCKDB_LIBRARY"] = notDuckDb }, "query", "select 42 as x");

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("is not a usable DuckDB library", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("duckdb_", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("make setup", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void DUCKDB_LIBRARY_pointing_at_the_real_library_is_used()
    {
        var real = Path.Combine(AppContext.BaseDirectory, "libduckdb.so");

        var run = CliRunner.Run(new Dictionary<string, string> { ["DUCKDB_LIBRARY"] = real }, "query", "select version() AS v", "--format", "csv");

        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("v\r\nv1.5.", run.Stdout, StringComparison.Ordinal);
    }
}
