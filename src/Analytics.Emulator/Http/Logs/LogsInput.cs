using System.Text.Json;

namespace Analytics.Emulator.Http.Logs;

/// <summary>Typed access to an awsJson1_1 CloudWatch Logs request body, with its errors for bad members.</summary>
internal readonly struct LogsInput
{
    private readonly JsonElement _root;

    private LogsInput(JsonElement root) => _root = root;

    public static LogsInput Parse(JsonDocument document) => document.RootElement.ValueKind == JsonValueKind.Object
        ? new LogsInput(document.RootElement)
        : throw LogsErrors.Serialization("The request body must be a JSON object");

    public bool Has(string name) => TryGet(name, out _);

    public string? String(string name, int maxLength = int.MaxValue)
    {
        if (!TryGet(name, out var value))
        {
            return null;
        }
        var text = value.ValueKind == JsonValueKind.String ? value.GetString()! : throw LogsErrors.Serialization($"Member '{name}' must be a string");
        return text.Length <= maxLength ? text : throw LogsErrors.Validation(name, $"Member must have length less than or equal to {maxLength}", text);
    }

    public long? Long(string name, long min, long max)
    {
        if (!TryGet(name, out var value))
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var number))
        {
            throw LogsErrors.Serialization($"Member '{name}' must be an integer");
        }
        return number >= min && number <= max
            ? number
            : throw LogsErrors.Validation(name, $"Member must have value between {min} and {max}", number);
    }

    public bool? Bool(string name) => !TryGet(name, out var value) ? null : value.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw LogsErrors.Serialization($"Member '{name}' must be a boolean"),
    };

    public IReadOnlyList<string>? Strings(string name, int maxCount)
    {
        if (!TryGet(name, out var value))
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.String))
        {
            throw LogsErrors.Serialization($"Member '{name}' must be a list of strings");
        }
        var items = value.EnumerateArray().Select(v => v.GetString()!).ToArray();
        return items.Length is >= 1 && items.Length <= maxCount
            ? items
            : throw LogsErrors.Validation(name, $"Member must have length between 1 and {maxCount}", $"[{string.Join(", ", items)}]");
    }

    private bool TryGet(string name, out JsonElement value) =>
        _root.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;
}
