namespace Analytics.Cli.Tests;

/// <summary>libduckdb comes with the DuckDB.NET.Data.Full package, copied beside the binaries by the build.</summary>
public sealed class NativeLibraryTests
{
    [Fact]
    public void The_packaged_library_is_beside_the_binaries_and_is_DuckDB_1_5()
    {
        Assert.True(File.Exists(Path.Combine(AppContext.BaseDirectory, "libduckdb.so")));

        var run = CliRunner.Run("query", "select version() AS v", "--format", "csv");

        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("v\r\nv1.5.", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_build_without_the_library_gives_one_clear_error_naming_the_fix()
    {
        // The CLI's binaries without libduckdb.so, as a build for another platform would leave them.
        var copy = Directory.CreateTempSubdirectory("analytics-nolib-");
        try
        {
            foreach (var file in Directory.EnumerateFiles(AppContext.BaseDirectory))
            {
                if (Path.GetExtension(file) is ".dll" or ".json")
                {
                    File.Copy(file, Path.Combine(copy.FullName, Path.GetFileName(file)));
                }
            }

            var run = CliRunner.RunDll(Path.Combine(copy.FullName, "analytics.dll"), null, null, "query", "select 42 as x");

            Assert.NotEqual(0, run.ExitCode);
            var lines = run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Single(lines);
            Assert.Contains("libduckdb", lines[0], StringComparison.Ordinal);
            Assert.Contains("make build", lines[0], StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            copy.Delete(recursive: true);
        }
    }
}
