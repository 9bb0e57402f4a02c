using System.Text.Json;

namespace Analytics.Emulator.Http.StepFunctions;

/// <summary>Typed access to an awsJson1_0 request body with the errors Step Functions gives for bad members.</summary>
internal readonly struct SfnInput
{
    private readonly JsonElement _root;

    private SfnInput(JsonElement root) => _root = root;

    public static SfnInput Parse(JsonDocument document)
    {
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw SfnErrors.Serialization("The request body must be a JSON object");
        }
        return new SfnInput(document.RootElement);
    }

    public string? String(string name)
    {
        if (!TryGet(name, out var value))
        {
            return null;
        }
        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw SfnErrors.Serialization($"Member '{name}' must be a string");
    }

    public string RequiredString(string name) =>
        String(name) ?? throw SfnErrors.Validation(
            $"1 validation error detected: Value null at '{name}' failed to satisfy constraint: Member must not be null",
            "MISSING_REQUIRED_PARAMETER");

    public bool? Bool(string name)
    {
        if (!TryGet(name, out var value))
        {
            return null;
        }
        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw SfnErrors.Serialization($"Member '{name}' must be a boolean"),
        };
    }

    public int? Int(string name)
    {
        if (!TryGet(name, out var value))
        {
            return null;
        }
        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number)
            ? number
            : throw SfnErrors.Serialization($"Member '{name}' must be an integer");
    }

    /// <summary>`maxResults`: 0..1000, where 0 or absent means the default page of 100.</summary>
    public int PageSize()
    {
        var requested = Int("maxResults") ?? 0;
        if (requested is < 0 or > 1000)
        {
            throw SfnErrors.Validation(
                $"1 validation error detected: Value '{requested}' at 'maxResults' failed to satisfy constraint: "
                + "Member must have value between 0 and 1000");
        }
        return requested == 0 ? 100 : requested;
    }

    /// <summary>An enum-valued member, checked against its allowed values.</summary>
    public string? Enum(string name, params string[] allowed)
    {
        var value = String(name);
        if (value is not null && Array.IndexOf(allowed, value) < 0)
        {
            throw SfnErrors.Validation(
                $"1 validation error detected: Value '{value}' at '{name}' failed to satisfy constraint: "
                + $"Member must satisfy enum value set: [{string.Join(", ", allowed)}]");
        }
        return value;
    }

    private bool TryGet(string name, out JsonElement value) =>
        _root.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;
}
