using System.Text.Json.Nodes;
using Analytics.Emulator.Tests.Http.Support;

namespace Analytics.Aws.Tests.ModelDrift;

/// <summary>
/// What the pinned AWS SDK for JavaScript (tests/js-sdk) says the APIs we read look like, from its bundled Smithy
/// schemas (tests/js-sdk/model-dump.mjs): event types, execution statuses, the history event trees, and the
/// request/response trees of every operation in <see cref="AwsReadApis"/>. A tree node is
/// <c>{type, shape?, members?|item?|value?}</c>.
/// </summary>
internal sealed record SdkModel(JsonObject Root)
{
    public static async Task<SdkModel> LoadAsync()
    {
        await NodeJs.EnsureSdkInstalledAsync();
        var (exit, output, error) = await NodeJs.RunAsync(NodeJs.NodePath!,
            ["model-dump.mjs", "--sfn", string.Join(',', AwsReadApis.StepFunctions), "--lambda", string.Join(',', AwsReadApis.Lambda), "--logs", string.Join(',', AwsReadApis.Logs)],
            NodeJs.SdkFolder, TimeSpan.FromMinutes(2));
        Assert.True(exit == 0, "model-dump.mjs failed: " + error);
        return new SdkModel(JsonNode.Parse(output)!.AsObject());
    }

    public JsonObject StepFunctions => Root["stepFunctions"]!.AsObject();

    public JsonObject Lambda => Root["lambda"]!.AsObject();

    public JsonObject Logs => Root["logs"]!.AsObject();

    public string Versions => Root["versions"]!.ToJsonString();

    public static IEnumerable<string> Strings(JsonNode? array) => array!.AsArray().Select(v => v!.GetValue<string>());

    /// <summary>The members of a structure node (empty for anything else).</summary>
    public static IEnumerable<(string Name, JsonObject Node)> Members(JsonNode? node) =>
        node?["members"] is JsonObject members ? members.Select(m => (m.Key, m.Value!.AsObject())) : [];

    public static string Type(JsonNode node) => node["type"]!.GetValue<string>();

    public static string? Shape(JsonNode node) => node["shape"]?.GetValue<string>();
}
