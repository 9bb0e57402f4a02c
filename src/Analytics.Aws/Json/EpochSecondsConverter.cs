using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Analytics.Aws.Json;

/// <summary>
/// AWS JSON timestamps: epoch seconds as a JSON number, fraction and exponent form allowed
/// (<c>1748779560.042</c>, <c>1.574287263898E9</c>); numeric strings are accepted as the SDKs do. Values that
/// only make sense as epoch milliseconds (after year 5000) are rejected instead of silently becoming year 57,000.
/// Precision is kept to the millisecond.
/// </summary>
public sealed class EpochSecondsConverter : JsonConverter<DateTimeOffset>
{
    // 95,617,584,000 s = year 5000: no AWS timestamp is later, every epoch-ms value of this century is.
    private const double MaxPlausibleSeconds = 95_617_584_000d;

    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        double seconds = reader.TokenType switch
        {
            JsonTokenType.Number => reader.GetDouble(),
            JsonTokenType.String => ParseNumericString(ref reader),
            _ => throw new JsonException($"Expected an epoch-seconds timestamp, got {reader.TokenType}."),
        };
        return FromSeconds(seconds);
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        writer.WriteNumberValue(value.ToUnixTimeMilliseconds() / 1000m);
    }

    /// <summary>Converts epoch seconds to a UTC timestamp at millisecond precision, with the plausibility check.</summary>
    public static DateTimeOffset FromSeconds(double seconds)
    {
        if (double.IsNaN(seconds) || double.IsInfinity(seconds) || seconds < 0 || seconds > MaxPlausibleSeconds)
        {
            throw new JsonException(
                $"Timestamp {seconds.ToString(CultureInfo.InvariantCulture)} is not plausible epoch seconds (epoch milliseconds?).");
        }

        return DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(seconds * 1000d, MidpointRounding.AwayFromZero));
    }

    private static double ParseNumericString(ref Utf8JsonReader reader)
    {
        ReadOnlySpan<byte> text = reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan;
        if (Utf8Parser.TryParse(text, out double value, out int consumed, 'G') && consumed == text.Length)
        {
            return value;
        }

        if (Utf8Parser.TryParse(text, out value, out consumed, 'E') && consumed == text.Length)
        {
            return value;
        }

        throw new JsonException("Expected an epoch-seconds timestamp; got a string that is not a number (ISO-8601 is not the AWS JSON format).");
    }
}
