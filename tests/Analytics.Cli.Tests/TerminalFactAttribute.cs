using System.Diagnostics;

namespace Analytics.Cli.Tests;

/// <summary>A fact that runs the CLI on a pseudo-terminal through util-linux's <c>script</c>, and says so when it
/// cannot (no <c>script</c> here).</summary>
public sealed class TerminalFactAttribute : FactAttribute
{
    private const string Script = "/usr/bin/script";

    public TerminalFactAttribute()
    {
        if (!File.Exists(Script))
        {
            Skip = $"{Script} (util-linux) is not installed: it runs the CLI on a pseudo-terminal.";
        }
    }

    /// <summary>Runs the CLI with stdin, stdout and stderr on a pseudo-terminal; both streams come back as Stdout.</summary>
    internal static CliResult RunOnTerminal(params string[] args)
    {
        var command = string.Join(' ', new[] { "dotnet", CliRunner.AnalyticsDll }.Concat(args).Select(a => "'" + a.Replace("'", "'\\''", StringComparison.Ordinal) + "'"));
        var start = new ProcessStartInfo(Script) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "--quiet", "--return", "--command", command, "/dev/null" })
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(120)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"analytics {string.Join(' ', args)} did not finish on a terminal in 120 s.");
        }
        return new CliResult(process.ExitCode, stdout.Result, stderr.Result);
    }
}
