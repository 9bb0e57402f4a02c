using System.Text.Json;

namespace Analytics.Emulator.Simulation.Sfn;

/// <summary>
/// Writes simulated events as GetExecutionHistory HistoryEvent objects (exact wire member names), or as the message
/// of a CloudWatch Logs event (aws-wire-facts-logs §1): the same details members under one `details` object.
/// </summary>
internal static class SfnEventWriter
{
    public static void Write(Utf8JsonWriter w, SfnEvent e, bool includeData)
    {
        w.WriteStartObject();
        w.WritePropertyName("timestamp");
        WriteEpochSeconds(w, e.TimeMs);
        w.WriteString("type", e.Type);
        w.WriteNumber("id", e.Id);
        w.WriteNumber("previousEventId", e.PreviousEventId);
        WriteDetails(w, e, includeData, log: false);
        w.WriteEndObject();
    }

    /// <summary>
    /// The log line: snake_case envelope, string ids and an epoch-millisecond string timestamp; `details` is `{}` for
    /// types without details.
    /// </summary>
    public static void WriteLogMessage(Utf8JsonWriter w, SfnEvent e, bool includeData, string executionArn, int redriveCount)
    {
        Span<byte> digits = stackalloc byte[20];
        w.WriteStartObject();
        w.WriteString("id", Digits(digits, e.Id));
        w.WriteString("type", e.Type);
        if (!WriteDetails(w, e, includeData, log: true))
        {
            w.WriteStartObject("details");
            w.WriteEndObject();
        }
        w.WriteString("previous_event_id", Digits(digits, e.PreviousEventId));
        w.WriteString("event_timestamp", Digits(digits, e.TimeMs));
        w.WriteString("execution_arn", executionArn);
        w.WriteString("redrive_count", Digits(digits, redriveCount));
        w.WriteEndObject();
    }

    private static ReadOnlySpan<byte> Digits(Span<byte> buffer, long value) =>
        System.Buffers.Text.Utf8Formatter.TryFormat(value, buffer, out var written) ? buffer[..written] : throw new InvalidOperationException();

    /// <summary>Epoch seconds as a JSON number with a millisecond fraction (`1748779560.042`), as AWS sends them.</summary>
    public static void WriteEpochSeconds(Utf8JsonWriter w, long epochMs) => w.WriteNumberValue(epochMs / 1000m);

    private static bool WriteDetails(Utf8JsonWriter w, SfnEvent e, bool data, bool log)
    {
        var t = e.Type;
        if (t.EndsWith("StateEntered", StringComparison.Ordinal))
        {
            Open(w, "stateEnteredEventDetails", log);
            w.WriteString("name", e.Name);
            Payload(w, "input", "inputDetails", e.Input, data);
            w.WriteEndObject();
            return true;
        }
        if (t.EndsWith("StateExited", StringComparison.Ordinal))
        {
            Open(w, "stateExitedEventDetails", log);
            w.WriteString("name", e.Name);
            Payload(w, "output", "outputDetails", e.Output, data);
            w.WriteEndObject();
            return true;
        }
        switch (t)
        {
            case "ExecutionStarted":
                Open(w, "executionStartedEventDetails", log);
                Payload(w, "input", "inputDetails", e.Input, data);
                w.WriteString("roleArn", e.RoleArn);
                w.WriteEndObject();
                return true;
            case "ExecutionSucceeded":
                Open(w, "executionSucceededEventDetails", log);
                Payload(w, "output", "outputDetails", e.Output, data);
                w.WriteEndObject();
                return true;
            case "ExecutionFailed" or "ExecutionTimedOut" or "ExecutionAborted":
                return ErrorCause(w, char.ToLowerInvariant(t[0]) + t[1..] + "EventDetails", e, log);
            case "ExecutionRedriven":
                Open(w, "executionRedrivenEventDetails", log);
                w.WriteNumber("redriveCount", e.RedriveCount ?? 1);
                w.WriteEndObject();
                return true;
            case "TaskScheduled":
                Open(w, "taskScheduledEventDetails", log);
                w.WriteString("resourceType", e.ResourceType);
                w.WriteString("resource", e.Resource);
                w.WriteString("region", e.Region);
                if (data)
                {
                    w.WriteString("parameters", e.Input);
                }
                Optional(w, "timeoutInSeconds", e.TimeoutSeconds);
                Optional(w, "heartbeatInSeconds", e.HeartbeatSeconds);
                w.WriteEndObject();
                return true;
            case "TaskStarted":
                Open(w, "taskStartedEventDetails", log);
                w.WriteString("resourceType", e.ResourceType);
                w.WriteString("resource", e.Resource);
                w.WriteEndObject();
                return true;
            case "TaskSubmitted" or "TaskSucceeded":
                Open(w, t == "TaskSubmitted" ? "taskSubmittedEventDetails" : "taskSucceededEventDetails", log);
                w.WriteString("resourceType", e.ResourceType);
                w.WriteString("resource", e.Resource);
                Payload(w, "output", "outputDetails", e.Output, data);
                w.WriteEndObject();
                return true;
            case "TaskFailed" or "TaskTimedOut":
                Open(w, t == "TaskFailed" ? "taskFailedEventDetails" : "taskTimedOutEventDetails", log);
                w.WriteString("resourceType", e.ResourceType);
                w.WriteString("resource", e.Resource);
                Optional(w, "error", e.Error);
                Optional(w, "cause", e.Cause);
                w.WriteEndObject();
                return true;
            case "LambdaFunctionScheduled":
                Open(w, "lambdaFunctionScheduledEventDetails", log);
                w.WriteString("resource", e.Resource);
                Payload(w, "input", "inputDetails", e.Input, data);
                Optional(w, "timeoutInSeconds", e.TimeoutSeconds);
                w.WriteEndObject();
                return true;
            case "LambdaFunctionSucceeded":
                Open(w, "lambdaFunctionSucceededEventDetails", log);
                Payload(w, "output", "outputDetails", e.Output, data);
                w.WriteEndObject();
                return true;
            case "LambdaFunctionFailed" or "LambdaFunctionTimedOut":
                return ErrorCause(w, t == "LambdaFunctionFailed" ? "lambdaFunctionFailedEventDetails" : "lambdaFunctionTimedOutEventDetails", e, log);
            case "ActivityScheduled":
                Open(w, "activityScheduledEventDetails", log);
                w.WriteString("resource", e.Resource);
                Payload(w, "input", "inputDetails", e.Input, data);
                Optional(w, "timeoutInSeconds", e.TimeoutSeconds);
                Optional(w, "heartbeatInSeconds", e.HeartbeatSeconds);
                w.WriteEndObject();
                return true;
            case "ActivityStarted":
                Open(w, "activityStartedEventDetails", log);
                Optional(w, "workerName", e.WorkerName);
                w.WriteEndObject();
                return true;
            case "ActivitySucceeded":
                Open(w, "activitySucceededEventDetails", log);
                Payload(w, "output", "outputDetails", e.Output, data);
                w.WriteEndObject();
                return true;
            case "ActivityFailed" or "ActivityTimedOut":
                return ErrorCause(w, t == "ActivityFailed" ? "activityFailedEventDetails" : "activityTimedOutEventDetails", e, log);
            case "MapStateStarted":
                Open(w, "mapStateStartedEventDetails", log);
                w.WriteNumber("length", e.Length ?? 0);
                w.WriteEndObject();
                return true;
            case "MapIterationStarted" or "MapIterationSucceeded" or "MapIterationFailed" or "MapIterationAborted":
                Open(w, char.ToLowerInvariant(t[0]) + t[1..] + "EventDetails", log);
                w.WriteString("name", e.Name);
                w.WriteNumber("index", e.Index ?? 0);
                w.WriteEndObject();
                return true;
            case "MapRunStarted":
                Open(w, "mapRunStartedEventDetails", log);
                w.WriteString("mapRunArn", e.MapRunArn);
                w.WriteEndObject();
                return true;
            case "MapRunFailed":
                return ErrorCause(w, "mapRunFailedEventDetails", e, log);
            default:
                // LambdaFunctionStarted, MapState/ParallelState Started/Succeeded/Failed, *StateAborted,
                // MapRunSucceeded: no details member exists in the model.
                return false;
        }
    }

    private static bool ErrorCause(Utf8JsonWriter w, string member, SfnEvent e, bool log)
    {
        if (e.Error is null && e.Cause is null)
        {
            return false;
        }
        Open(w, member, log);
        Optional(w, "error", e.Error);
        Optional(w, "cause", e.Cause);
        w.WriteEndObject();
        return true;
    }

    /// <summary>The details object: per type in the API (`taskFailedEventDetails`), one `details` member in the logs.</summary>
    private static void Open(Utf8JsonWriter w, string member, bool log) => w.WriteStartObject(log ? "details" : member);

    private static void Payload(Utf8JsonWriter w, string member, string detailsMember, string? value, bool data)
    {
        if (!data || value is null)
        {
            return;
        }
        w.WriteString(member, value);
        w.WriteStartObject(detailsMember);
        w.WriteBoolean("truncated", false);
        w.WriteEndObject();
    }

    private static void Optional(Utf8JsonWriter w, string member, string? value)
    {
        if (value is not null)
        {
            w.WriteString(member, value);
        }
    }

    private static void Optional(Utf8JsonWriter w, string member, int? value)
    {
        if (value is not null)
        {
            w.WriteNumber(member, value.Value);
        }
    }
}
