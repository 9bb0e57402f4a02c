using System.Text.Json;
using System.Text.Json.Nodes;

namespace Analytics.Emulator.Tests.Http.Support;

/// <summary>Follows nextToken / NextMarker to the end and collects one key per item.</summary>
internal static class Pages
{
    public static async Task<(List<string> Keys, int Pages)> SfnAsync(WireClient client, string operation, JsonObject body,
        string member, Func<JsonElement, string> key)
    {
        var keys = new List<string>();
        var pages = 0;
        while (true)
        {
            var response = await client.Sfn(operation, body.ToJsonString());
            Assert.True(response.Status == 200, $"{operation} page {pages}: HTTP {response.Status} {response.Body}");
            var json = response.Json;
            pages++;
            keys.AddRange(json.GetProperty(member).EnumerateArray().Select(key));
            if (!json.TryGetProperty("nextToken", out var token))
            {
                return (keys, pages);
            }
            body["nextToken"] = token.GetString();
        }
    }

    public static async Task<(List<string> Keys, int Pages)> LambdaAsync(WireClient client, string path, string query,
        string member, Func<JsonElement, string> key)
    {
        var keys = new List<string>();
        var pages = 0;
        string? marker = null;
        while (true)
        {
            var separator = query.Length > 0 ? "&" : "";
            var response = await client.Lambda($"{path}?{query}{(marker is null ? "" : separator + "Marker=" + Uri.EscapeDataString(marker))}");
            Assert.True(response.Status == 200, $"{path} page {pages}: HTTP {response.Status} {response.Body}");
            var json = response.Json;
            pages++;
            keys.AddRange(json.GetProperty(member).EnumerateArray().Select(key));
            if (!json.TryGetProperty("NextMarker", out var next))
            {
                return (keys, pages);
            }
            marker = next.GetString();
        }
    }
}
