using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Analytics.Export.Tests.Support;

/// <summary>Runs <c>analytics export</c> as a child process (the CLI built next to the tests).</summary>
internal static class CliExport
{
    /// <param name="environment">Settings for the child (e.g. <c>ANALYTICS__EXPORT__LOGSOVERLAP</c>), beside the ones set here.</param>
    public static Process Start(Uri endpoint, string outDir, int chunkExecutions, int? compactManifestAt = null, Action<string>? onOutput = null, string s3Lease = "00:00:03",
        IReadOnlyDictionary<string, string>? environment = null, params string[] extraArgs)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            Path.Combine(AppContext.BaseDirectory, "analytics.dll"), "export", "--out", outDir,
            "--endpoint-url", endpoint.ToString(), "--region", "us-east-1", "--pacing", "none",
        }.Concat(extraArgs))
        {
            info.ArgumentList.Add(argument);
        }
        info.Environment["AWS_ACCESS_KEY_ID"] = "demo";
        info.Environment["AWS_SECRET_ACCESS_KEY"] = "demo";
        info.Environment.Remove("AWS_PROFILE");
        info.Environment["ANALYTICS__EXPORT__CHUNKEXECUTIONS"] = chunkExecutions.ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["ANALYTICS__EXPORT__FETCHCONCURRENCY"] = "8";
        // A killed run's S3 lease expires soon (3 s by default), so the next run of a kill test need not wait minutes.
        info.Environment["ANALYTICS__EXPORT__S3LEASE"] = s3Lease;
        if (compactManifestAt is { } compact)
        {
            info.Environment["ANALYTICS__EXPORT__COMPACTMANIFESTAT"] = compact.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }
        var process = Process.Start(info)!;
        // Drain the pipes so the child never blocks on a full pipe (log lines and messages of both go to onOutput).
        process.OutputDataReceived += (_, line) =>
        {
            if (line.Data is { } text)
            {
                onOutput?.Invoke(text);
            }
        };
        process.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is { } text)
            {
                onOutput?.Invoke(text);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>The line a run logs as it commits a chunk: <c>commit N: K executions, …</c>.</summary>
    private static readonly Regex s_commitLine = new(@"\bcommit \d+: (\d+) executions");

    /// <summary>
    /// Starts an export into <paramref name="outDir"/> and kills it with SIGKILL once it has committed a random 1 to 3
    /// chunks holding executions, a random 0-250 ms later: every kill lands in a run that is committing, whatever the
    /// machine's speed or load (a kill at a random moment of a run timed beforehand lands after the run ended when the
    /// run is faster, and before its first commit when it starts slower). True when it was killed; false when it ended
    /// on its own first (it had fewer chunks left to commit, or ended as the kill was sent). <paramref name="onOutput"/>
    /// sees each line of the run as it comes.
    /// </summary>
    public static async Task<bool> RunKilledWhileCommittingAsync(Uri endpoint, string outDir, Random random, int chunkExecutions,
        IReadOnlyDictionary<string, string>? environment = null, Action<string>? onOutput = null, params string[] extraArgs)
    {
        var chunks = random.Next(1, 4);
        var delay = TimeSpan.FromMilliseconds(random.Next(250));
        var committed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var process = Start(endpoint, outDir, chunkExecutions, environment: environment, onOutput: line =>
        {
            onOutput?.Invoke(line);
            if (s_commitLine.Match(line) is { Success: true } commit && commit.Groups[1].Value != "0" && Interlocked.Decrement(ref chunks) == 0)
            {
                committed.TrySetResult();
            }
        }, extraArgs: extraArgs);
        await Task.WhenAny(process.WaitForExitAsync(), committed.Task);
        await Task.WhenAny(process.WaitForExitAsync(), Task.Delay(delay));
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true); // SIGKILL on Unix
        }
        await process.WaitForExitAsync();
        return process.ExitCode == KilledExit;
    }

    /// <summary>The exit status of a process killed by SIGKILL (128 + 9).</summary>
    private const int KilledExit = 137;

    public static async Task<int> RunAsync(Uri endpoint, string outDir, int chunkExecutions, int? compactManifestAt = null, params string[] extraArgs)
    {
        using var process = Start(endpoint, outDir, chunkExecutions, compactManifestAt, null, extraArgs: extraArgs);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return process.ExitCode;
    }
}
