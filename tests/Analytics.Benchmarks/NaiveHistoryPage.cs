using System.Text.Json;

namespace Analytics.Benchmarks;

/// <summary>What a straightforward implementation would do: deserialize each page into objects (reflection-based
/// System.Text.Json), details as dictionaries of JsonElement.</summary>
public sealed class NaiveHistoryPage
{
    public static JsonSerializerOptions Options { get; } = new() { PropertyNameCaseInsensitive = false };

    [System.Text.Json.Serialization.JsonPropertyName("events")]
    public List<NaiveHistoryEvent>? Events { get; set; }

    [System.Text.Json.Serialization.JsonPropertyName("nextToken")]
    public string? NextToken { get; set; }
}

public sealed class NaiveHistoryEvent
{
    [System.Text.Json.Serialization.JsonPropertyName("timestamp")]
    public double Timestamp { get; set; }

    [System.Text.Json.Serialization.JsonPropertyName("type")]
    public string? Type { get; set; }

    [System.Text.Json.Serialization.JsonPropertyName("id")]
    public long Id { get; set; }

    [System.Text.Json.Serialization.JsonPropertyName("previousEventId")]
    public long PreviousEventId { get; set; }

    /// <summary>The one details member, whatever its name.</summary>
    [System.Text.Json.Serialization.JsonExtensionData]
    public Dictionary<string, JsonElement>? Details { get; set; }
}
