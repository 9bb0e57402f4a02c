namespace Analytics.Emulator.Tests;

/// <summary>Where the repository's sample data and the shared conformance corpus live, found from the test binary.</summary>
internal static class TestPaths
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string DefaultWorld => Path.Combine(RepoRoot, "sample-data", "worlds", "default.json");

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Analytics.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("cannot find the repository root (Analytics.sln) above " + AppContext.BaseDirectory);
    }
}
