using System.Text.Json;

namespace Analytics.Cli.Tests.Commands;

/// <summary>`analytics world truth|pages` on a world of several accounts (sample-data/worlds/org.json).</summary>
public sealed class WorldCommandTests
{
    private static readonly string s_orgWorld = Path.Combine(Emulator.Tests.TestPaths.RepoRoot, "sample-data", "worlds", "org.json");

    [Fact]
    public void World_truth_of_a_world_of_several_accounts_reports_each_account_and_region()
    {
        var result = CliRunner.Run("world", "truth", "--world", s_orgWorld, "--seed", "7");

        Assert.Equal(0, result.ExitCode);
        using var truth = JsonDocument.Parse(result.Stdout);
        var units = truth.RootElement.GetProperty("units").EnumerateArray()
            .Select(u => $"{u.GetProperty("accountId").GetString()}/{u.GetProperty("region").GetString()}").ToList();
        Assert.Equal(["111111111111/us-east-1", "111111111111/eu-west-1", "222222222222/eu-west-1", "222222222222/eu-central-1",
            "333333333333/us-east-1", "333333333333/us-west-2"], units);
        Assert.All(truth.RootElement.GetProperty("units").EnumerateArray(),
            u => Assert.True(u.GetProperty("truth").GetProperty("executions").GetProperty("order-fulfillment").GetProperty("total").GetInt64() > 0));
    }

    [Fact]
    public void World_pages_refuses_a_world_of_several_accounts_in_one_line()
    {
        var result = CliRunner.Run("world", "pages", "--world", s_orgWorld, "--out", Path.Combine(Path.GetTempPath(), "unused-pages"));

        Assert.Equal(2, result.ExitCode);
        Assert.Single(result.Stderr.Trim().Split('\n'));
        Assert.Contains("$.accounts: this reads worlds of one account; this one declares several", result.Stderr);
    }
}
