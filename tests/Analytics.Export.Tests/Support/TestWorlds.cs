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
