using System.Text.Json;
using System.Text.Json.Nodes;
using Analytics.Emulator.Http;
using Analytics.Emulator.Simulation.Truth;
using Analytics.Emulator.Tests.Http.Support;
using Analytics.Emulator.World;

namespace Analytics.Emulator.Tests.Http;

/// <summary>
/// The official AWS SDK for JavaScript v3 (pinned in tests/js-sdk/package.json) crawls the emulator through
/// tests/js-sdk/crawl.mjs, signing with credentials the emulator verifies.
/// </summary>
public sealed class JsSdkConformanceTests(DefaultWorldEmulator defaultWorld) : IClassFixture<DefaultWorldEmulator>
{
    private const string Key = "AKIDJSSDKCRAWL";
    private const string Secret = "js-sdk-crawl-secret";

    [NodeFact]
    public async Task Official_JS_SDK_crawls_every_API_without_errors_and_finds_what_the_world_holds()
    {
        await NodeJs.EnsureSdkInstalledAsync();
        await using var host = await EmulatorHost.StartAsync(new EmulatorOptions { Credentials = new EmulatorCredentials(Key, Secret) });

        var crawl = await CrawlAsync(host.Server.Url, Key, Secret);

        var expected = WorldCensus.Of(host.World);
        foreach (var (name, value) in expected)
        {
            Assert.True(JsonNode.DeepEquals(value, crawl[name]),
                $"{name}: world says {value!.ToJsonString()}, the SDK crawl found {crawl[name]?.ToJsonString()}");
        }
    }

    [NodeFact]
    public async Task Official_JS_SDK_full_crawl_of_the_default_world_matches_world_truth()
    {
        await NodeJs.EnsureSdkInstalledAsync();

        var crawl = await CrawlAsync(defaultWorld.Server.Url, "AKIDANY", "any-secret");

        var expected = WorldCensus.Of(defaultWorld.World);
        foreach (var (name, value) in expected)
        {
            Assert.True(JsonNode.DeepEquals(value, crawl[name]),
                $"{name}: world says {value!.ToJsonString()}, the SDK crawl found {crawl[name]?.ToJsonString()}");
        }
        AssertMatchesWorldTruth(crawl, WorldTruth.Compute(defaultWorld.World, CancellationToken.None));
        // FilterLogEvents paged to the end of every group: fraud-score's own executions and clickstream-batch's EXPRESS children.
        Assert.Equal(2, crawl["logGroups"]!.GetValue<int>());
        Assert.All(crawl["logEventsByGroup"]!.AsObject(), group => Assert.True(group.Value!.GetValue<long>() > 1000, $"{group.Key}: {group.Value}"));
        // fraud-score's group is found through its DescribeStateMachine loggingConfiguration and read whole from there.
        var fraud = $"arn:aws:states:{defaultWorld.World.Region}:{defaultWorld.World.AccountId}:stateMachine:fraud-score";
        var fraudGroup = crawl["expressLogGroupsByStateMachine"]?[fraud]?.GetValue<string>();
        Assert.True(fraudGroup is not null, "the crawl read no log group through fraud-score's DescribeStateMachine");
        Assert.Equal(crawl["logEventsByGroup"]![fraudGroup]!.GetValue<long>(), crawl["expressLogEventsByStateMachine"]![fraud]!.GetValue<long>());
    }

    [NodeFact]
    public async Task Official_JS_SDK_assumes_a_role_and_crawls_the_second_account_in_its_region_without_errors()
    {
        await NodeJs.EnsureSdkInstalledAsync();
        var org = WorldLoader.LoadOrganisation(Path.Combine(NodeJs.RepositoryRoot, "sample-data", "worlds", "org.json"), seed: 7);
        await using var server = await EmulatorServer.StartAsync(org, new EmulatorOptions { Credentials = new EmulatorCredentials(Key, Secret) });

        // @aws-sdk/client-sts calls AssumeRole with the base keys; the SFN and Lambda clients sign with the role's.
        var crawl = await CrawlAsync(server.Url, Key, Secret, "eu-west-1",
            "--assume-role", "arn:aws:iam::222222222222:role/analytics-reader", "--external-id", "wha-org-demo");

        var unit = org.Route("222222222222", "eu-west-1")!;
        var truth = WorldTruth.Compute((SimulatedWorld)unit.World, CancellationToken.None);
        var prefix = "arn:aws:states:eu-west-1:222222222222:stateMachine:";
        Assert.Equal(truth.Executions.Count, crawl["executionsByStateMachine"]!.AsObject().Count);
        foreach (var (name, executions) in truth.Executions)
        {
            AssertCounts(executions.ByStatus, crawl["executionsByStateMachine"]![prefix + name], $"executions of {name} in 222222222222 eu-west-1");
        }
        foreach (var (name, durable) in truth.DurableFunctions)
        {
            AssertCounts(durable.ByStatus, crawl["durableExecutionsByFunction"]![name], $"durable executions of {name}");
        }
        AssertCounts(truth.EventCounts.StepFunctions, crawl["historyEventsByType"], "history events by type");
    }

    /// <summary>The crawl's counts against `world truth` (the simulator's own aggregates, no HTTP).</summary>
    private void AssertMatchesWorldTruth(JsonObject crawl, WorldTruthReport truth)
    {
        var world = defaultWorld.World;
        var prefix = $"arn:aws:states:{world.Region}:{world.AccountId}:stateMachine:";
        // EXPRESS executions exist only in log groups: their events are checked against an export in Export.Tests (JsSdkExpressLogsTests).
        var topLevel = truth.Executions.Where(e => e.Value.Kind == "top" && e.Value.Type != "EXPRESS").ToList();
        Assert.NotEmpty(topLevel);
        foreach (var (name, executions) in topLevel)
        {
            AssertCounts(executions.ByStatus, crawl["executionsByStateMachine"]![prefix + name], $"executions of {name}");
        }
        Assert.NotEmpty(truth.MapRuns);
        foreach (var (key, runs) in truth.MapRuns)
        {
            var found = crawl["mapRunsByStateMachine"]![prefix + key];
            Assert.True(found is not null, $"the crawl found no map run of {key}");
            Assert.Equal(runs.Runs, found["runs"]!.GetValue<long>());
            AssertCounts(runs.ByStatus, found["byStatus"], $"map runs of {key}");
            Assert.Equal(runs.ChildExecutions, found["childExecutions"]!.GetValue<long>());
            AssertCounts(runs.ChildExecutionsByStatus, found["childExecutionsByStatus"], $"child executions of {key}");
            AssertCounts(truth.Executions[key].ByStatus, found["childExecutionsByStatus"], $"executions of {key}");
        }
        AssertCounts(truth.EventCounts.StepFunctions, crawl["historyEventsByType"], "history events by type");
        foreach (var (name, durable) in truth.DurableFunctions)
        {
            AssertCounts(durable.ByStatus, crawl["durableExecutionsByFunction"]![name], $"durable executions of {name}");
        }
        AssertCounts(truth.EventCounts.Durable, crawl["durableEventsByType"], "durable events by type");
    }

    private static void AssertCounts(IDictionary<string, long> expected, JsonNode? actual, string what)
    {
        var found = actual?.AsObject().ToDictionary(p => p.Key, p => p.Value!.GetValue<long>()) ?? [];
        Assert.True(expected.Count == found.Count && expected.All(e => found.GetValueOrDefault(e.Key) == e.Value),
            $"{what}: world truth says {JsonSerializer.Serialize(expected)}, the SDK crawl found {JsonSerializer.Serialize(found)}");
    }

    private static Task<JsonObject> CrawlAsync(Uri endpoint, string key, string secret, string region = "us-east-1", params string[] more) =>
        NodeJs.CrawlAsync(endpoint, ["--key", key, "--secret", secret, "--region", region, .. more]);

    [NodeFact]
    public async Task Official_JS_SDK_signatures_are_refused_with_a_wrong_secret()
    {
        await NodeJs.EnsureSdkInstalledAsync();
        await using var host = await EmulatorHost.StartAsync(new EmulatorOptions { Credentials = new EmulatorCredentials(Key, Secret) });

        var (exit, output, _) = await NodeJs.RunAsync(NodeJs.NodePath!,
            [Path.Combine(NodeJs.SdkFolder, "crawl.mjs"), host.Server.Url.ToString(), "--key", Key, "--secret", "wrong"],
            NodeJs.SdkFolder, TimeSpan.FromMinutes(2));

        Assert.Equal(1, exit);
        var names = JsonDocument.Parse(output).RootElement.GetProperty("errors").EnumerateArray()
            .Select(e => e.GetProperty("name").GetString()).Distinct().ToList();
        Assert.Equal(["InvalidSignatureException"], names);
    }
}
