using System.Diagnostics;
using System.Text;

namespace Analytics.Export.Tests.Support;

/// <summary>Runs any <c>analytics</c> command as a child process (the CLI built next to the tests).</summary>
internal static class CliRun
{
    public static Task<(int Exit, string Out, string Err)> RunAsync(params string[] arguments) =>
        RunAsync(new Dictionary<string, string>(), arguments);

    /// <param name="environment">Variables set over the defaults (e.g. other AWS keys).</param>
    public static async Task<(int Exit, string Out, string Err)> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "analytics.dll"));
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        info.Environment["AWS_ACCESS_KEY_ID"] = "demo";
        info.Environment["AWS_SECRET_ACCESS_KEY"] = "demo";
        info.Environment.Remove("AWS_PROFILE");
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>The export connection options for the emulator at <paramref name="endpoint"/>.</summary>
    public static string[] Emulator(Uri endpoint) => ["--endpoint-url", endpoint.ToString(), "--region", "us-east-1", "--pacing", "none"];
}
