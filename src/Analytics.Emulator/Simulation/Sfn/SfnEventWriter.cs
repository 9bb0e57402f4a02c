using System.Text.Json;

namespace Analytics.Emulator.Simulation.Sfn;

/// <summary>Writes simulated events as GetExecutionHistory HistoryEvent objects (exact wire member names).</summary>
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
        WriteDetails(w, e, includeData);
        w.WriteEndObject();
    }

    /// <summary>Epoch seconds as a JSON number with a millisecond fraction (`1748779560.042`), as AWS sends them.</summary>
    public static void WriteEpochSeconds(Utf8JsonWriter w, long epochMs) => w.WriteNumberValue(epochMs / 1000m);

    private static void WriteDetails(Utf8JsonWriter w, SfnEvent e, bool data)
    {
        var t = e.Type;
        if (t.EndsWith("StateEntered", StringComparison.Ordinal))
        {
            w.WriteStartObject("stateEnteredEventDetails");
            w.WriteString("name", e.Name);
            Payload(w, "input", "inputDetails", e.Input, data);
            w.WriteEndObject();
            return;
        }
        if (t.EndsWith("StateExited", StringComparison.Ordinal))
        {
            w.WriteStartObject("stateExitedEventDetails");
            w.WriteString("name", e.Name);
            Payload(w, "output", "outputDetails", e.Output, data);
            w.WriteEndObject();
            return;
        }
        switch (t)
        {
            case "ExecutionStarted":
                w.WriteStartObject("executionStartedEventDetails");
                Payload(w, "input", "inputDetails", e.Input, data);
                w.WriteString("roleArn", e.RoleArn);
                w.WriteEndObject();
                break;
            case "ExecutionSucceeded":
                w.WriteStartObject("executionSucceededEventDetails");
                Payload(w, "output", "outputDetails", e.Output, data);
                w.WriteEndObject();
                break;
            case "ExecutionFailed" or "ExecutionTimedOut" or "ExecutionAborted":
                ErrorCause(w, char.ToLowerInvariant(t[0]) + t[1..] + "EventDetails", e);
                break;
            case "ExecutionRedriven":
                w.WriteStartObject("executionRedrivenEventDetails");
                w.WriteNumber("redriveCount", e.RedriveCount ?? 1);
                w.WriteEndObject();
                break;
            case "TaskScheduled":
                w.WriteStartObject("taskScheduledEventDetails");
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
                break;
            case "TaskStarted":
                w.WriteStartObject("taskStartedEventDetails");
                w.WriteString("resourceType", e.ResourceType);
                w.WriteString("resource", e.Resource);
                w.WriteEndObject();
                break;
            case "TaskSubmitted" or "TaskSucceeded":
                w.WriteStartObject(t == "TaskSubmitted" ? "taskSubmittedEventDetails" : "taskSucceededEventDetails");
                w.WriteString("resourceType", e.ResourceType);
                w.WriteString("resource", e.Resource);
                Payload(w, "output", "outputDetails", e.Output, data);
                w.WriteEndObject();
                break;
            case "TaskFailed" or "TaskTimedOut":
                w.WriteStartObject(t == "TaskFailed" ? "taskFailedEventDetails" : "taskTimedOutEventDetails");
                w.WriteString("resourceType", e.ResourceType);
                w.WriteString("resource", e.Resource);
                Optional(w, "error", e.Error);
                Optional(w, "cause", e.Cause);
                w.WriteEndObject();
                break;
            case "LambdaFunctionScheduled":
                w.WriteStartObject("lambdaFunctionScheduledEventDetails");
                w.WriteString("resource", e.Resource);
                Payload(w, "input", "inputDetails", e.Input, data);
                Optional(w, "timeoutInSeconds", e.TimeoutSeconds);
                w.WriteEndObject();
                break;
            case "LambdaFunctionSucceeded":
                w.WriteStartObject("lambdaFunctionSucceededEventDetails");
                Payload(w, "output", "outputDetails", e.Output, data);
                w.WriteEndObject();
                break;
            case "LambdaFunctionFailed" or "LambdaFunctionTimedOut":
                ErrorCause(w, t == "LambdaFunctionFailed" ? "lambdaFunctionFailedEventDetails" : "lambdaFunctionTimedOutEventDetails", e);
                break;
            case "ActivityScheduled":
                w.WriteStartObject("activityScheduledEventDetails");
                w.WriteString("resource", e.Resource);
                Payload(w, "input", "inputDetails", e.Input, data);
                Optional(w, "timeoutInSeconds", e.TimeoutSeconds);
                Optional(w, "heartbeatInSeconds", e.HeartbeatSeconds);
                w.WriteEndObject();
                break;
            case "ActivityStarted":
                w.WriteStartObject("activityStartedEventDetails");
                Optional(w, "workerName", e.WorkerName);
                w.WriteEndObject();
                break;
            case "ActivitySucceeded":
                w.WriteStartObject("activitySucceededEventDetails");
                Payload(w, "output", "outputDetails", e.Output, data);
                w.WriteEndObject();
                break;
            case "ActivityFailed" or "ActivityTimedOut":
                ErrorCause(w, t == "ActivityFailed" ? "activityFailedEventDetails" : "activityTimedOutEventDetails", e);
                break;
            case "MapStateStarted":
                w.WriteStartObject("mapStateStartedEventDetails");
                w.WriteNumber("length", e.Length ?? 0);
                w.WriteEndObject();
                break;
            case "MapIterationStarted" or "MapIterationSucceeded" or "MapIterationFailed" or "MapIterationAborted":
                w.WriteStartObject(char.ToLowerInvariant(t[0]) + t[1..] + "EventDetails");
                w.WriteString("name", e.Name);
                w.WriteNumber("index", e.Index ?? 0);
                w.WriteEndObject();
                break;
            case "MapRunStarted":
                w.WriteStartObject("mapRunStartedEventDetails");
                w.WriteString("mapRunArn", e.MapRunArn);
                w.WriteEndObject();
                break;
            case "MapRunFailed":
                ErrorCause(w, "mapRunFailedEventDetails", e);
                break;
            default:
                // LambdaFunctionStarted, MapState/ParallelState Started/Succeeded/Failed, *StateAborted,
                // MapRunSucceeded: no details member exists in the model.
                break;
        }
    }

    private static void ErrorCause(Utf8JsonWriter w, string member, SfnEvent e)
    {
        if (e.Error is null && e.Cause is null)
        {
            return;
        }
        w.WriteStartObject(member);
        Optional(w, "error", e.Error);
        Optional(w, "cause", e.Cause);
        w.WriteEndObject();
    }

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
