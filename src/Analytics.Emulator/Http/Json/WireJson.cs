using System.Text.Json;

namespace Analytics.Emulator.Http.Json;

/// <summary>Small writing helpers that keep the wire rules in one place: absent members are omitted, timestamps are
/// epoch-second numbers with a millisecond fraction (aws-wire-facts §1).</summary>
internal static class WireJson
{
    public static void WriteEpochSeconds(this Utf8JsonWriter writer, string name, DateTimeOffset value)
    {
        writer.WritePropertyName(name);
        writer.WriteEpochSecondsValue(value);
    }

    public static void WriteEpochSecondsValue(this Utf8JsonWriter writer, DateTimeOffset value)
    {
        // decimal keeps the value exact: 1748779560042 ms -> 1748779560.042, whole seconds without a fraction.
        writer.WriteNumberValue(value.ToUnixTimeMilliseconds() / 1000m);
    }

    public static void WriteEpochSecondsIfPresent(this Utf8JsonWriter writer, string name, DateTimeOffset? value)
    {
        if (value is { } v)
        {
            writer.WriteEpochSeconds(name, v);
        }
    }

    public static void WriteStringIfPresent(this Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    public static void WriteNumberIfPresent(this Utf8JsonWriter writer, string name, long? value)
    {
        if (value is { } v)
        {
            writer.WriteNumber(name, v);
        }
    }
}
