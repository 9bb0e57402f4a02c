using Analytics.Emulator.Http;
using Analytics.Emulator.World;

namespace Analytics.Export.Tests.Support;

/// <summary>
/// sample-data/worlds/org.json (3 accounts × 2 regions) as shipped, broken further or fixed: the same units simulate the
/// same executions in every variant (each unit's seed derives from the world's seed, account and region).
/// </summary>
internal static class OrgWorlds
{
    public const string Role = "analytics-reader";
    public const string ExternalId = "wha-org-demo";
    public const string Sandbox = "333333333333";
    public const string ProdEu = "222222222222";

    private static string Text => File.ReadAllText(Path.Combine(TestWorlds.RepoRoot, "sample-data", "worlds", "org.json"));

    /// <summary>Sandbox has no role; prod-eu's eu-central-1 denies both services (a region the organisation disabled).</summary>
    public static Organisation Broken() => Load(Text.Replace("\"disabledServices\": [\"lambda\"]", "\"disabledServices\": [\"states\", \"lambda\"]", StringComparison.Ordinal));

    /// <summary>Every account has the role and no service is denied.</summary>
    public static Organisation Fixed() => Load(FixedJson());

    /// <summary>The world file of <see cref="Fixed"/>.</summary>
    public static string FixedJson() => Text
        .Replace(", \"disabledServices\": [\"lambda\"]", "", StringComparison.Ordinal)
        .Replace("\"alias\": \"sandbox\",", "\"alias\": \"sandbox\", \"roles\": [ { \"name\": \"analytics-reader\", \"externalId\": \"wha-org-demo\" } ],", StringComparison.Ordinal);

    public static Task<EmulatorServer> StartAsync(Organisation org) => EmulatorServer.StartAsync(org, new EmulatorOptions { Port = 0 });

    /// <summary>Every account and every region of the world, read through the role.</summary>
    public static void Targets(ExportOptions options, Organisation org)
    {
        options.Accounts = [.. org.Accounts.Select(a => a.AccountId)];
        options.Regions = [.. org.Units.Select(u => u.Region).Distinct()];
        options.RoleName = Role;
        options.ExternalId = ExternalId;
    }

    /// <summary>SQL: the ARN in <paramref name="column"/> is the unit's (account and region are parts 5 and 4 of an ARN).</summary>
    public static Func<string, string> OfUnit(WorldUnit unit) =>
        column => $"split_part({column}, ':', 4) = '{unit.Region}' AND split_part({column}, ':', 5) = '{unit.AccountId}'";

    /// <summary>Asserts each unit's rows in <paramref name="data"/> are exactly its truth.</summary>
    public static void AssertEachUnitEqualsTruth(Dataset data, IEnumerable<WorldUnit> units)
    {
        foreach (var unit in units)
        {
            WorldTruth.Of(unit.World).AssertEquals(data, OfUnit(unit));
        }
    }

    private static Organisation Load(string json) => WorldLoader.LoadOrganisationJson(json, "org.json (variant)", TestWorlds.Seed);
}
