using Analytics.Emulator.World;

namespace Analytics.Emulator.Tests.World;

public sealed class WorldLoaderTests
{
    private static string Minimal(string stateMachine) => $$"""
        { "region": "us-east-1", "accountId": "123456789012", "now": "2026-11-22T22:00:00Z",
          "stateMachines": [ {{stateMachine}} ] }
        """;

    private const string Good = """{ "name": "ok", "type": "STANDARD", "traffic": { "perDay": 1 }, "definition": { "StartAt": "P", "States": { "P": { "Type": "Pass", "End": true } } } }""";

    private static string LoadError(string json)
    {
        var e = Assert.Throws<WorldFileException>(() => WorldLoader.LoadJson(json, "w.json", seed: 1));
        return e.Message;
    }

    [Fact]
    public void Default_and_benchmark_worlds_load()
    {
        var world = WorldLoader.Load(TestPaths.DefaultWorld, seed: 1);
        Assert.True(world.StateMachines.Count >= 6);
        Assert.Equal(3, world.Functions.Count(f => f.DurableConfig is not null));
        var big = WorldLoader.Load(Path.Combine(TestPaths.RepoRoot, "sample-data", "worlds", "benchmark-1m.json"), seed: 1);
        Assert.Equal(world.StateMachines.Select(s => s.Name), big.StateMachines.Select(s => s.Name));
        Assert.True(big.ListExecutions(big.StateMachines[0].StateMachineArn).Count > 300 * world.ListExecutions(world.StateMachines[0].StateMachineArn).Count);
    }

    [Fact]
    public void Default_world_uses_every_state_type_and_integration_kind()
    {
        var definitions = string.Join("\n", WorldLoader.Load(TestPaths.DefaultWorld, seed: 1).StateMachines.Select(s => s.Definition));
        foreach (var needle in new[] { "\"Task\"", "\"Pass\"", "\"Choice\"", "\"Wait\"", "\"Succeed\"", "\"Fail\"", "\"Parallel\"", "\"Map\"",
            "\"DISTRIBUTED\"", "\"EXPRESS\"", "ToleratedFailure", "HeartbeatSeconds", "TimeoutSeconds", "\"Retry\"", "\"Catch\"",
            "arn:aws:states:::dynamodb:putItem", "arn:aws:states:::lambda:invoke", ":activity:", "arn:aws:lambda:us-east-1:123456789012:function:" })
        {
            Assert.Contains(needle, definitions, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Missing_file_is_reported_with_its_path()
    {
        var e = Assert.Throws<WorldFileException>(() => WorldLoader.Load("/no/such/world.json", seed: 1));
        Assert.StartsWith("/no/such/world.json: cannot read", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_json_and_unknown_members_name_the_json_path()
    {
        Assert.Contains("w.json: $", LoadError("{ \"region\": "), StringComparison.Ordinal);
        Assert.Contains("$.stateMachines[0].trafic", LoadError(Minimal(Good.Replace("\"traffic\"", "\"trafic\"", StringComparison.Ordinal))), StringComparison.Ordinal);
    }

    [Fact]
    public void Definition_errors_name_the_state_and_what_is_wrong()
    {
        var message = LoadError(Minimal("""{ "name": "x", "traffic": { "perDay": 1 }, "definition": { "StartAt": "A", "States": { "A": { "Type": "Pass", "Next": "Nowhere" } } } }"""));
        Assert.Contains("$.stateMachines[0].definition.States.A.Next: state 'Nowhere' does not exist", message, StringComparison.Ordinal);
        message = LoadError(Minimal("""{ "name": "x", "traffic": { "perDay": 1 }, "definition": { "StartAt": "A", "States": { "A": { "Type": "Task", "Resource": "arn:aws:s3:::bucket", "End": true } } } }"""));
        Assert.Contains("$.stateMachines[0].definition.States.A.Resource: unsupported Task resource", message, StringComparison.Ordinal);
        message = LoadError(Minimal("""{ "name": "x", "traffic": { "perDay": 1 }, "definition": "{ not json" }"""));
        Assert.Contains("$.stateMachines[0].definition: the definition string is not valid JSON", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Model_errors_are_all_listed_with_their_paths()
    {
        var message = LoadError($$"""
            { "region": "us-east-1", "accountId": "12345", "now": "2026-11-22T22:00:00Z",
              "stateMachines": [ {{Good}}, {{Good.Replace("\"traffic\": { \"perDay\": 1 }", "\"type\": \"EXPRESS\", \"traffic\": { \"perDay\": -1 }, \"outcomes\": { \"Ghost\": {} }, \"choices\": { \"P\": [1] }", StringComparison.Ordinal)
                    .Replace("\"type\": \"STANDARD\", ", "", StringComparison.Ordinal)}} ],
              "functions": [ { "name": "f", "eventInvokeConfigs": [ { "qualifier": "prod", "maximumRetryAttempts": 5 } ] } ],
              "durableFunctions": [ { "name": "d", "program": [ { "type": "teleport" }, { "type": "invoke", "function": "nobody" } ] } ] }
            """);
        foreach (var expected in new[]
        {
            "$.accountId: must be 12 digits",
            "$.stateMachines[1].name: 'ok' is used twice",
            "$.stateMachines[1].traffic.perDay: must be >= 0",
            "$.stateMachines[1].outcomes.Ghost: names no Task state",
            "$.stateMachines[1].choices.P: is not a Choice state",
            "$.functions[0].eventInvokeConfigs[0].qualifier: 'prod' is not $LATEST",
            "$.functions[0].eventInvokeConfigs[0].maximumRetryAttempts: must be 0, 1 or 2",
            "$.durableFunctions[0].program[0].type: 'teleport' is not one of",
            "$.durableFunctions[0].program[1].function: must name a durable function",
        })
        {
            Assert.Contains(expected, message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Extends_overrides_top_level_members_of_the_base_file()
    {
        var dir = Directory.CreateTempSubdirectory("world-extends");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "base.json"), Minimal(Good));
            File.WriteAllText(Path.Combine(dir.FullName, "big.json"), """{ "extends": "base.json", "scale": 10, "region": "eu-west-1" }""");
            var small = WorldLoader.Load(Path.Combine(dir.FullName, "base.json"), seed: 1);
            var big = WorldLoader.Load(Path.Combine(dir.FullName, "big.json"), seed: 1);
            Assert.Equal("eu-west-1", big.Region);
            Assert.True(big.ListExecutions(big.StateMachines[0].StateMachineArn).Count > 5 * small.ListExecutions(small.StateMachines[0].StateMachineArn).Count);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
