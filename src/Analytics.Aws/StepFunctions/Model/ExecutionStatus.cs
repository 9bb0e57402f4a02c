using System.Text.Json;
using System.Text.Json.Serialization;

namespace Analytics.Aws.StepFunctions.Model;

/// <summary>
/// A Step Functions execution's <c>status</c> as the wire carries it, any value kept (a status newer than this model
/// must not fail a response). <see cref="IsOpen"/> is the one definition of "open" the export uses.
/// </summary>
[JsonConverter(typeof(ExecutionStatusConverter))]
public readonly record struct ExecutionStatus(string Value)
{
    public static ExecutionStatus Running { get; } = new("RUNNING");

    public static ExecutionStatus PendingRedrive { get; } = new("PENDING_REDRIVE");

    public static ExecutionStatus Succeeded { get; } = new("SUCCEEDED");

    public static ExecutionStatus Failed { get; } = new("FAILED");

    public static ExecutionStatus TimedOut { get; } = new("TIMED_OUT");

    public static ExecutionStatus Aborted { get; } = new("ABORTED");

    /// <summary>RUNNING, or PENDING_REDRIVE (a redrive accepted and not yet started): the execution is tracked and
    /// listed in <c>open_executions</c> until it closes.</summary>
    public bool IsOpen => Value is "RUNNING" or "PENDING_REDRIVE";

    public override string ToString() => Value;
}

internal sealed class ExecutionStatusConverter : JsonConverter<ExecutionStatus>
{
    public override ExecutionStatus Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String
            ? new ExecutionStatus(reader.GetString()!)
            : throw new JsonException($"Expected an execution status string, got {reader.TokenType}.");

    public override void Write(Utf8JsonWriter writer, ExecutionStatus value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.Value);
}
