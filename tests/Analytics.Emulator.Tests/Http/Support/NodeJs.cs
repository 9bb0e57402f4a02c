using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Analytics.Emulator.Tests.Http.Support;

/// <summary>Finds node and the pinned JS SDK (tests/js-sdk) and runs scripts with them.</summary>
internal static class NodeJs
{
    public static string? NodePath { get; } = Find("node");

    public static string RepositoryRoot { get; } = FindRoot();

    public static string SdkFolder => Path.Combine(RepositoryRoot, "tests", "js-sdk");

    private static string? Find(string program)
    {
        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(folder, program);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        return null;
    }

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Analytics.sln")))
            {
                return folder.FullName;
            }
        }
        throw new InvalidOperationException("cannot find the repository root (Analytics.sln) above " + AppContext.BaseDirectory);
    }

    /// <summary>`npm ci` in tests/js-sdk when `make setup` has not installed the pinned SDK yet.</summary>
    public static Task EnsureSdkInstalledAsync() => EnsureInstalledAsync(SdkFolder, "@aws-sdk/client-sfn", "@aws-sdk/client-lambda", "@aws-sdk/client-cloudwatch-logs");

    /// <summary>`npm ci` in <paramref name="folder"/> (its package-lock.json) when a package is not installed yet; or,
    /// with <paramref name="install"/>, `npm install --no-save` (the locked versions, for a lock npm ci refuses: see
    /// the Makefile's clickhouse target).</summary>
    public static async Task EnsureInstalledAsync(string folder, params string[] packages) => await EnsureInstalledAsync(folder, false, packages);

    /// <inheritdoc cref="EnsureInstalledAsync(string, string[])"/>
    public static async Task EnsureInstalledAsync(string folder, bool install, params string[] packages)
    {
        if (packages.All(p => Directory.Exists(Path.Combine(folder, "node_modules", p))))
        {
            return;
        }
        var npm = Find("npm") ?? throw new InvalidOperationException($"node is installed but npm is not: cannot install {folder}");
        var (exit, _, error) = await RunAsync(npm, install ? ["install", "--no-audit", "--no-fund", "--no-save"] : ["ci", "--no-audit", "--no-fund"], folder, TimeSpan.FromMinutes(5));
        Assert.True(exit == 0, $"npm ci in {folder} failed: " + error);
    }

    /// <summary>
    /// Runs tests/js-sdk/crawl.mjs against <paramref name="endpoint"/> and returns what it found, asserting the official
    /// SDK met no error, no malformed log line and no implausible timestamp.
    /// </summary>
    public static async Task<JsonObject> CrawlAsync(Uri endpoint, params string[] arguments)
    {
        var (exit, output, error) = await RunAsync(NodePath!, [Path.Combine(SdkFolder, "crawl.mjs"), endpoint.ToString(), .. arguments],
            SdkFolder, TimeSpan.FromMinutes(10));
        Assert.True(output.TrimStart().StartsWith('{'), $"crawl printed no JSON (exit {exit}): {error}");
        var crawl = JsonNode.Parse(output)!.AsObject();
        Assert.True(exit == 0 && crawl["errors"]!.AsArray().Count == 0, "SDK errors: " + crawl["errors"]!.ToJsonString() + "\n" + error);
        Assert.Equal(0, crawl["implausibleTimestamps"]!.GetValue<int>());
        Assert.Equal(0, crawl["badLogEvents"]!.GetValue<int>());
        return crawl;
    }

    public static async Task<(int Exit, string Output, string Error)> RunAsync(string program, IEnumerable<string> arguments,
        string workingDirectory, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start " + program);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} did not finish within {timeout}");
        }
        return (process.ExitCode, await output, await error);
    }
}

/// <summary>A test that needs node: skipped, with the reason, only when node is not installed at all.</summary>
public sealed class NodeFactAttribute : FactAttribute
{
    public NodeFactAttribute()
    {
        if (NodeJs.NodePath is null)
        {
            Skip = "node is not on PATH: the JS SDK conformance test needs Node.js (install it, then run `make setup`)";
        }
    }
}
