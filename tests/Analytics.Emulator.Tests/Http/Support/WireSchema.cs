using System.Text.Json;

namespace Analytics.Emulator.Tests.Http.Support;

/// <summary>
/// Validates raw response JSON against the wire shapes of aws-wire-facts.md: every member must be known to the
/// shape, required members present, types right, and timestamps epoch-second numbers in a plausible range. SDKs
/// are lenient about all of this (they drop unknown members), so this is the check that catches a wrong name.
/// Member type codes: `s` string, `n` number, `b` boolean, `t` timestamp, `@Shape` structure, `[Shape` / `[s` list,
/// `{s` map of strings, `{[s` map of string lists, `*` anything; a trailing `!` marks a required member.
/// </summary>
internal sealed class WireSchema
{
    private static readonly double s_minEpoch = new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds();
    private static readonly double s_maxEpoch = new DateTimeOffset(2100, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds();

    private readonly Dictionary<string, Dictionary<string, (string Type, bool Required)>> _shapes = new(StringComparer.Ordinal);

    public WireSchema Shape(string name, params string[] members)
    {
        var shape = new Dictionary<string, (string, bool)>(StringComparer.Ordinal);
        foreach (var member in members)
        {
            var colon = member.IndexOf(':', StringComparison.Ordinal);
            var type = member[(colon + 1)..];
            var required = type.EndsWith('!');
            shape[member[..colon]] = (required ? type[..^1] : type, required);
        }
        _shapes[name] = shape;
        return this;
    }

    /// <summary>All problems found in <paramref name="element"/> as shape <paramref name="shapeName"/> (empty = valid).</summary>
    public List<string> Validate(JsonElement element, string shapeName)
    {
        var problems = new List<string>();
        CheckStructure(element, shapeName, "$", problems);
        return problems;
    }

    /// <summary>Hook for cross-member rules (which details member goes with an event type).</summary>
    public Action<JsonElement, string, string, List<string>>? ExtraRule { get; init; }

    private void CheckStructure(JsonElement element, string shapeName, string path, List<string> problems)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            problems.Add($"{path}: expected a {shapeName} object, got {element.ValueKind}");
            return;
        }
        var shape = _shapes[shapeName];
        foreach (var property in element.EnumerateObject())
        {
            if (!shape.TryGetValue(property.Name, out var member))
            {
                problems.Add($"{path}.{property.Name}: not a member of {shapeName}");
                continue;
            }
            if (property.Value.ValueKind == JsonValueKind.Null)
            {
                problems.Add($"{path}.{property.Name}: null instead of an omitted member");
                continue;
            }
            CheckValue(property.Value, member.Type, $"{path}.{property.Name}", problems);
        }
        foreach (var (name, member) in shape)
        {
            if (member.Required && !element.TryGetProperty(name, out _))
            {
                problems.Add($"{path}: required member {name} of {shapeName} is missing");
            }
        }
        ExtraRule?.Invoke(element, shapeName, path, problems);
    }

    private void CheckValue(JsonElement value, string type, string path, List<string> problems)
    {
        switch (type)
        {
            case "*":
                return;
            case "s":
                Expect(value, JsonValueKind.String, path, problems);
                return;
            case "n":
                Expect(value, JsonValueKind.Number, path, problems);
                return;
            case "b":
                if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                {
                    problems.Add($"{path}: expected a boolean, got {value.ValueKind}");
                }
                return;
            case "t":
                if (value.ValueKind != JsonValueKind.Number)
                {
                    problems.Add($"{path}: a timestamp must be a JSON number of epoch seconds, got {value.ValueKind} {value}");
                }
                else if (value.GetDouble() is var seconds && (seconds < s_minEpoch || seconds > s_maxEpoch))
                {
                    problems.Add($"{path}: {seconds} is not a plausible epoch-seconds value (milliseconds?)");
                }
                return;
        }
        if (type[0] == '@')
        {
            CheckStructure(value, type[1..], path, problems);
        }
        else if (type[0] == '[')
        {
            if (Expect(value, JsonValueKind.Array, path, problems))
            {
                var index = 0;
                foreach (var item in value.EnumerateArray())
                {
                    CheckValue(item, type[1..] is "s" or "n" ? type[1..] : "@" + type[1..], $"{path}[{index++}]", problems);
                }
            }
        }
        else if (type[0] == '{')
        {
            if (Expect(value, JsonValueKind.Object, path, problems))
            {
                foreach (var entry in value.EnumerateObject())
                {
                    CheckValue(entry.Value, type[1..], $"{path}.{entry.Name}", problems);
                }
            }
        }
        else
        {
            throw new InvalidOperationException($"unknown type code {type}");
        }
    }

    private static bool Expect(JsonElement value, JsonValueKind kind, string path, List<string> problems)
    {
        if (value.ValueKind == kind)
        {
            return true;
        }
        problems.Add($"{path}: expected {kind}, got {value.ValueKind}");
        return false;
    }
}
