using System.Diagnostics;

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

    public static async Task<int> RunAsync(Uri endpoint, string outDir, int chunkExecutions, int? compactManifestAt = null, params string[] extraArgs)
    {
        using var process = Start(endpoint, outDir, chunkExecutions, compactManifestAt, null, extraArgs: extraArgs);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return process.ExitCode;
    }
}
