using System.Text.Json;
using System.Text.Json.Nodes;
using Analytics.Emulator.Http;
using Analytics.Emulator.Tests.Http.Support;

namespace Analytics.Emulator.Tests.Http;

/// <summary>
/// The official AWS SDK for JavaScript v3 (pinned in tests/js-sdk/package.json) crawls the emulator through
/// tests/js-sdk/crawl.mjs, signing with credentials the emulator verifies.
/// </summary>
public sealed class JsSdkConformanceTests
{
    private const string Key = "AKIDJSSDKCRAWL";
    private const string Secret = "js-sdk-crawl-secret";

    [NodeFact]
    public async Task Official_JS_SDK_crawls_every_API_without_errors_and_finds_what_the_world_holds()
    {
        await NodeJs.EnsureSdkInstalledAsync();
        await using var host = await EmulatorHost.StartAsync(new EmulatorOptions { Credentials = new EmulatorCredentials(Key, Secret) });

        var (exit, output, error) = await NodeJs.RunAsync(NodeJs.NodePath!,
            [Path.Combine(NodeJs.SdkFolder, "crawl.mjs"), host.Server.Url.ToString(), "--key", Key, "--secret", Secret, "--region", "us-east-1"],
            NodeJs.SdkFolder, TimeSpan.FromMinutes(5));

        Assert.True(output.TrimStart().StartsWith('{'), $"crawl printed no JSON (exit {exit}): {error}");
        var crawl = JsonNode.Parse(output)!.AsObject();
        Assert.True(exit == 0 && crawl["errors"]!.AsArray().Count == 0, "SDK errors: " + crawl["errors"]!.ToJsonString() + "\n" + error);
        Assert.Equal(0, crawl["implausibleTimestamps"]!.GetValue<int>());
        var expected = WorldCensus.Of(host.World);
        foreach (var (name, value) in expected)
        {
            Assert.True(JsonNode.DeepEquals(value, crawl[name]),
                $"{name}: world says {value!.ToJsonString()}, the SDK crawl found {crawl[name]?.ToJsonString()}");
        }
    }

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
