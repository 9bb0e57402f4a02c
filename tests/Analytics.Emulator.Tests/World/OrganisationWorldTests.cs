using System.Text.Json.Nodes;
using Analytics.Emulator.Simulation.Truth;
using Analytics.Emulator.World;

namespace Analytics.Emulator.Tests.World;

/// <summary>Worlds of several accounts and regions (sample-data/worlds/org.json) and their `world truth`.</summary>
public sealed class OrganisationWorldTests
{
    private static string OrgWorld => Path.Combine(TestPaths.RepoRoot, "sample-data", "worlds", "org.json");

    private static string LoadError(string json)
    {
        var e = Assert.Throws<WorldFileException>(() => WorldLoader.LoadOrganisationJson(json, "org.json", seed: 1));
        return e.Message;
    }

    private const string Machine = """{ "name": "ok", "traffic": { "perDay": 5 }, "definition": { "StartAt": "P", "States": { "P": { "Type": "Pass", "End": true } } } }""";

    [Fact]
    public void The_org_world_has_three_accounts_in_two_regions_each_with_ARNs_of_their_own()
    {
        var org = WorldLoader.LoadOrganisation(OrgWorld, seed: 7);

        Assert.True(org.IsMultiAccount);
        Assert.Equal(["111111111111", "222222222222", "333333333333"], org.Accounts.Select(a => a.AccountId));
        Assert.Equal("111111111111", org.HomeAccount.AccountId);
        Assert.Equal(6, org.Units.Count);
        Assert.All(org.Accounts, a => Assert.Equal(2, org.Units.Count(u => u.AccountId == a.AccountId)));
        foreach (var unit in org.Units)
        {
            Assert.Equal(unit.AccountId, unit.World.AccountId);
            Assert.Equal(unit.Region, unit.World.Region);
            Assert.All(unit.World.StateMachines, m => Assert.StartsWith($"arn:aws:states:{unit.Region}:{unit.AccountId}:stateMachine:", m.StateMachineArn));
            Assert.All(unit.World.Functions, f => Assert.StartsWith($"arn:aws:lambda:{unit.Region}:{unit.AccountId}:function:", f.FunctionArn));
        }
        // Misconfigured on purpose: sandbox has no role, prod-eu denies Lambda in eu-central-1.
        Assert.Empty(org.FindAccount("333333333333")!.Roles);
        Assert.Equal(["lambda"], org.Route("222222222222", "eu-central-1")!.DisabledServices);
        // A region an account does not declare is an empty one; an unknown account has none.
        Assert.Empty(org.Route("222222222222", "ap-south-1")!.World.StateMachines);
        Assert.Null(org.Route("444444444444", "us-east-1"));
    }

    [Fact]
    public void World_truth_reports_each_account_and_region_and_keeps_same_named_state_machines_apart()
    {
        var org = WorldLoader.LoadOrganisation(OrgWorld, seed: 7);

        var report = OrganisationTruth.Compute(org, seed: 7, CancellationToken.None);

        Assert.Equal(
            ["111111111111 prod-us us-east-1", "111111111111 prod-us eu-west-1", "222222222222 prod-eu eu-west-1",
             "222222222222 prod-eu eu-central-1", "333333333333 sandbox us-east-1", "333333333333 sandbox us-west-2"],
            report.Units.Select(u => $"{u.AccountId} {u.Alias} {u.Region}"));
        Assert.All(report.Units, u => Assert.Equal((u.AccountId, u.Region), (u.Truth.AccountId, u.Truth.Region)));
        Assert.All(report.Units, u => Assert.Null(u.Truth.Definitions));
        Assert.Equal(["lambda"], report.Units.Single(u => u.Region == "eu-central-1").DisabledServices);
        Assert.Empty(report.Units.First(u => u.Alias == "sandbox").Roles);

        // Every unit runs its own order-fulfillment: same name, other executions (its own seed).
        var orders = report.Units.Select(u => u.Truth.Executions["order-fulfillment"]).ToList();
        Assert.Equal(6, orders.Select(o => (o.Total, o.FailureRate)).Distinct().Count());
        // prod-us eu-west-1 declares its own, failing about three times as often as the shared one.
        var own = report.Units.Single(u => u.Alias == "prod-us" && u.Region == "eu-west-1").Truth;
        Assert.False(own.Executions.ContainsKey("nightly-report"));
        Assert.True(own.Executions["order-fulfillment"].FailureRate > 2 * report.Units[0].Truth.Executions["order-fulfillment"].FailureRate);
        // Each unit's figures are those of its own world, exactly.
        var second = org.Units[2];
        var alone = WorldTruth.Compute((SimulatedWorld)second.World, CancellationToken.None, withDefinitions: false);
        Assert.Equal(alone.Executions["order-fulfillment"].ByStatus, report.Units[2].Truth.Executions["order-fulfillment"].ByStatus);
    }

    [Fact]
    public void A_world_of_one_account_loads_as_before_and_answers_in_every_region()
    {
        var org = WorldLoader.LoadOrganisation(TestPaths.DefaultWorld, seed: 42);
        var world = WorldLoader.Load(TestPaths.DefaultWorld, seed: 42);

        Assert.False(org.IsMultiAccount);
        Assert.Same(org.Route("123456789012", "us-east-1"), org.Route("999999999999", "eu-west-1"));
        using var fromOrg = new MemoryStream();
        using var direct = new MemoryStream();
        WorldTruth.WriteJson(WorldTruth.Compute((SimulatedWorld)org.Units[0].World, CancellationToken.None), fromOrg);
        WorldTruth.WriteJson(WorldTruth.Compute(world, CancellationToken.None), direct);
        Assert.Equal(direct.ToArray(), fromOrg.ToArray());
    }

    [Fact]
    public void Mistakes_in_accounts_are_reported_with_their_JSON_path()
    {
        var message = LoadError($$"""
            { "now": "2026-11-22T22:00:00Z", "accountId": "123456789012", "stateMachines": [ {{Machine}} ],
              "accounts": [
                { "id": "1234", "roles": [ { "name": "r", "maxSessionDuration": 60 } ], "regions": [ { "region": "us-east-1" }, { "region": "us-east-1" } ] },
                { "id": "222222222222", "regions": [ { "region": "Mars", "disabledServices": ["s3"] } ] } ] }
            """);

        Assert.Contains("$: `accountId` and `region` belong in `accounts`", message);
        Assert.Contains("$.accounts[0].id: must be 12 digits", message);
        Assert.Contains("$.accounts[0].roles[0].maxSessionDuration: must be 3600-43200 seconds", message);
        Assert.Contains("$.accounts[0].regions[1].region: 'us-east-1' is listed twice", message);
        Assert.Contains("$.accounts[1].regions[0].region: must be a region name", message);
        Assert.Contains("$.accounts[1].regions[0].disabledServices: lists 's3'", message);
    }

    [Fact]
    public void A_region_entry_replaces_the_top_level_members_and_its_errors_name_the_unit()
    {
        var json = JsonNode.Parse($$"""
            { "now": "2026-11-22T22:00:00Z", "stateMachines": [ {{Machine}} ],
              "accounts": [ { "id": "111111111111", "regions": [ { "region": "us-east-1", "stateMachines": [ { "name": "bad name!" } ] } ] } ] }
            """)!.ToJsonString();

        var message = LoadError(json);

        Assert.Contains("accounts[0].regions[0]: account 111111111111, us-east-1", message);
        Assert.Contains("$.stateMachines[0].name", message);
        Assert.Contains("this reads worlds of one account", Assert.Throws<WorldFileException>(() => WorldLoader.LoadJson(
            """{ "now": "2026-11-22T22:00:00Z", "accounts": [] }""", "org.json", 1)).Message);
    }
}
