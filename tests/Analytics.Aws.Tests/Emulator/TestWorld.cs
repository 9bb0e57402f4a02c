using System.Text.Json;
using System.Text.Json.Nodes;
using Analytics.Emulator.World;

namespace Analytics.Aws.Tests.Emulator;

/// <summary>The repository's default world, scaled down so a page-size-1 crawl stays quick.</summary>
internal static class TestWorld
{
    public const long Seed = 7;

    public static SimulatedWorld Load(double scale = 0.5, int days = 3)
    {
        var path = Path.Combine(RepoRoot(), "sample-data", "worlds", "default.json");
        var node = JsonNode.Parse(File.ReadAllText(path), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip })!;
        node["scale"] = scale;
        node["days"] = days;
        return WorldLoader.LoadJson(node.ToJsonString(), $"{path} (scale {scale}, {days} days)", Seed);
    }

    /// <summary>sample-data/worlds/org.json: 3 accounts × 2 regions, one account without the role, Lambda denied in one region.</summary>
    public static string OrgWorldPath => Path.Combine(RepoRoot(), "sample-data", "worlds", "org.json");

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Analytics.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Cannot find the repository root (Analytics.sln) above " + AppContext.BaseDirectory);
    }
}
