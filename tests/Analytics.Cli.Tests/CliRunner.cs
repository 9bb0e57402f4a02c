using System.Diagnostics;

namespace Analytics.Cli.Tests;

/// <summary>Runs the built CLI (analytics.dll, copied next to the tests with libduckdb.so) in a child process.</summary>
internal static class CliRunner
{
    public static string AnalyticsDll { get; } = Path.Combine(AppContext.BaseDirectory, "analytics.dll");

    public static CliResult Run(IReadOnlyDictionary<string, string>? environment, params string[] args) => RunIn(null, environment, args);

    /// <summary>Runs the CLI with <paramref name="workingDirectory"/> as its current directory (null: the test's).</summary>
    public static CliResult RunIn(string? workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] args) =>
        RunDll(AnalyticsDll, workingDirectory, environment, args);

    /// <summary>Runs another copy of the CLI's binaries (<paramref name="dll"/>: its analytics.dll).</summary>
    public static CliResult RunDll(string dll, string? workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardErrorEncoding = System.Text.Encoding.UTF8,
        };
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        using var stdout = new MemoryStream(); // bytes: `query --format arrow` writes binary
        var copied = process.StandardOutput.BaseStream.CopyToAsync(stdout);
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(120)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"analytics {string.Join(' ', args)} did not finish in 120 s.");
        }
        copied.Wait();
        return new CliResult(process.ExitCode, System.Text.Encoding.UTF8.GetString(stdout.ToArray()), stderr.Result) { StdoutBytes = stdout.ToArray() };
    }

    public static CliResult Run(params string[] args) => Run(null, args);
}

internal sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    public byte[] StdoutBytes { get; init; } = [];
}
