using System.Text.Json;
using System.Text.Json.Serialization;

namespace Analytics.Aws.Lambda.Model;

/// <summary>
/// A durable execution's <c>ExecutionStatus</c> as the wire carries it, any value kept (a status newer than this
/// model must not fail a response). <see cref="IsClosed"/> is the one definition of "closed" the export uses.
/// </summary>
[JsonConverter(typeof(DurableExecutionStatusConverter))]
public readonly record struct DurableExecutionStatus(string Value)
{
    public static DurableExecutionStatus Running { get; } = new("RUNNING");

    public static DurableExecutionStatus Pausing { get; } = new("PAUSING");

    public static DurableExecutionStatus Paused { get; } = new("PAUSED");

    public static DurableExecutionStatus Succeeded { get; } = new("SUCCEEDED");

    public static DurableExecutionStatus Failed { get; } = new("FAILED");

    public static DurableExecutionStatus TimedOut { get; } = new("TIMED_OUT");

    public static DurableExecutionStatus Stopped { get; } = new("STOPPED");

    public static DurableExecutionStatus Deleting { get; } = new("DELETING");

    /// <summary>
    /// SUCCEEDED, FAILED, TIMED_OUT or STOPPED: the outcome is final. Everything else is open and re-checked until it
    /// closes: RUNNING, PAUSING and PAUSED (which resume), DELETING (being deleted: it ends as not found) and values
    /// newer than this model (treating an unknown status as closed would export a non-final outcome for good).
    /// </summary>
    public bool IsClosed => Value is "SUCCEEDED" or "FAILED" or "TIMED_OUT" or "STOPPED";

    public bool IsOpen => !IsClosed;

    public override string ToString() => Value;
}

internal sealed class DurableExecutionStatusConverter : JsonConverter<DurableExecutionStatus>
{
    public override DurableExecutionStatus Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String
            ? new DurableExecutionStatus(reader.GetString()!)
            : throw new JsonException($"Expected a durable execution status string, got {reader.TokenType}.");

    public override void Write(Utf8JsonWriter writer, DurableExecutionStatus value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.Value);
}
