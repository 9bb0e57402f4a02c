using Analytics.Emulator.World;

namespace Analytics.Export.Tests.Support;

/// <summary>The default world, full or cut to fewer days (for tests that export many times).</summary>
internal static class TestWorlds
{
    public const long Seed = 7;

    public static string RepoRoot { get; } = FindRepoRoot();

    public static string DefaultWorldPath => Path.Combine(RepoRoot, "sample-data", "worlds", "default.json");

    public static DateTimeOffset DefaultNow => new(2026, 11, 22, 22, 0, 0, TimeSpan.Zero);

    public static SimulatedWorld Default(DateTimeOffset? now = null) => WorldLoader.Load(DefaultWorldPath, Seed, now);

    /// <summary>The default world with only its last <paramref name="days"/> days of traffic.</summary>
    public static SimulatedWorld Small(int days = 2, DateTimeOffset? now = null)
    {
        var json = File.ReadAllText(DefaultWorldPath).Replace("\"days\": 14", $"\"days\": {days}", StringComparison.Ordinal);
        return WorldLoader.LoadJson(json, "default.json (small)", Seed, now);
    }

    /// <summary>
    /// The small world with clickstream-batch's Distributed Map run one EXPRESS child at a time, each for about a minute:
    /// a parent runs 10-25 minutes, so an export can meet it RUNNING while its first children's lines are already old.
    /// </summary>
    public static SimulatedWorld LongMapRuns(DateTimeOffset? now = null)
    {
        var json = File.ReadAllText(DefaultWorldPath).Replace("\"days\": 14", "\"days\": 1", StringComparison.Ordinal);
        var slow = json
            .Replace("\"MaxConcurrency\": 50,", "\"MaxConcurrency\": 1,", StringComparison.Ordinal)
            .Replace("\"Transform\": { \"latency\": { \"medianMs\": 400, \"p99Ms\": 3000 }", "\"Transform\": { \"latency\": { \"medianMs\": 60000, \"p99Ms\": 90000 }", StringComparison.Ordinal);
        if (slow.Length == json.Length)
        {
            throw new InvalidOperationException("default.json's clickstream-batch no longer has the settings LongMapRuns changes");
        }
        return WorldLoader.LoadJson(slow, "default.json (long Map Runs)", Seed, now);
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Analytics.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("cannot find the repository root above " + AppContext.BaseDirectory);
    }
}
