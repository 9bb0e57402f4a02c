using System.Text.Json;
using Analytics.Emulator.Simulation.Sfn;

namespace Analytics.Emulator.Simulation.Durable;

/// <summary>Writes durable events as GetDurableExecutionHistory `Event` objects (PascalCase, epoch-second timestamps).</summary>
internal static class DurableEventWriter
{
    public static void Write(Utf8JsonWriter w, DurableEvent e, bool data)
    {
        w.WriteStartObject();
        w.WriteString("EventType", e.EventType);
        if (e.SubType is not null)
        {
            w.WriteString("SubType", e.SubType);
        }
        w.WriteNumber("EventId", e.EventId);
        if (e.Id is not null)
        {
            w.WriteString("Id", e.Id);
        }
        if (e.Name is not null)
        {
            w.WriteString("Name", e.Name);
        }
        w.WritePropertyName("EventTimestamp");
        SfnEventWriter.WriteEpochSeconds(w, e.TimeMs);
        if (e.ParentId is not null)
        {
            w.WriteString("ParentId", e.ParentId);
        }
        w.WriteStartObject(e.EventType + "Details");
        WriteDetails(w, e, data);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteDetails(Utf8JsonWriter w, DurableEvent e, bool data)
    {
        switch (e.EventType)
        {
            case "ExecutionStarted":
                Payload(w, "Input", e.Payload, data);
                w.WriteNumber("ExecutionTimeout", e.TimeoutSeconds ?? 0);
                break;
            case "ExecutionSucceeded" or "ContextSucceeded" or "CallbackSucceeded" or "ChainedInvokeSucceeded":
                Payload(w, "Result", e.Payload, data);
                break;
            case "StepSucceeded":
                Payload(w, "Result", e.Payload, data);
                RetryDetails(w, e);
                break;
            case "StepFailed":
                Error(w, e);
                RetryDetails(w, e);
                break;
            case "WaitStarted":
                w.WriteNumber("Duration", e.DurationSeconds ?? 0);
                w.WritePropertyName("ScheduledEndTimestamp");
                SfnEventWriter.WriteEpochSeconds(w, e.ScheduledEndMs ?? e.TimeMs);
                break;
            case "WaitSucceeded":
                w.WriteNumber("Duration", e.DurationSeconds ?? 0);
                break;
            case "ChainedInvokeStarted":
                w.WriteString("FunctionName", e.FunctionName);
                Payload(w, "Input", e.Payload, data);
                break;
            case "CallbackStarted":
                w.WriteString("CallbackId", e.CallbackId);
                if (e.HeartbeatTimeoutSeconds is { } heartbeat)
                {
                    w.WriteNumber("HeartbeatTimeout", heartbeat);
                }
                w.WriteNumber("Timeout", e.TimeoutSeconds ?? 0);
                break;
            case "InvocationCompleted":
                w.WritePropertyName("StartTimestamp");
                SfnEventWriter.WriteEpochSeconds(w, e.InvocationStartMs ?? e.TimeMs);
                w.WritePropertyName("EndTimestamp");
                SfnEventWriter.WriteEpochSeconds(w, e.TimeMs);
                w.WriteString("RequestId", e.RequestId);
                if (e.ErrorType is not null || e.ErrorMessage is not null)
                {
                    Error(w, e);
                }
                break;
            case "ExecutionPaused":
                w.WritePropertyName("PauseRequestTimestamp");
                SfnEventWriter.WriteEpochSeconds(w, e.RequestMs ?? e.TimeMs);
                Reason(w, e.Reason, data);
                w.WriteBoolean("ExecutionTimeoutPaused", e.ExecutionTimeoutPaused ?? true);
                break;
            case "ExecutionResumed":
                w.WritePropertyName("ResumeRequestTimestamp");
                SfnEventWriter.WriteEpochSeconds(w, e.RequestMs ?? e.TimeMs);
                Reason(w, e.Reason, data);
                break;
            case "ContextStarted" or "StepStarted":
                break;
            default:
                // ExecutionFailed/TimedOut/Stopped, ContextFailed, WaitCancelled, ChainedInvoke*/Callback* failures.
                Error(w, e);
                break;
        }
    }

    private static void Payload(Utf8JsonWriter w, string member, string? payload, bool data)
    {
        w.WriteStartObject(member);
        if (data && payload is not null)
        {
            w.WriteString("Payload", payload);
        }
        w.WriteBoolean("Truncated", false);
        w.WriteEndObject();
    }

    /// <summary>EventPauseReason/EventResumeReason: the text only with execution data, Truncated says it was left out.</summary>
    private static void Reason(Utf8JsonWriter w, string? reason, bool data)
    {
        if (reason is null)
        {
            return;
        }
        w.WriteStartObject("Reason");
        if (data)
        {
            w.WriteString("Payload", reason);
        }
        w.WriteBoolean("Truncated", !data);
        w.WriteEndObject();
    }

    private static void Error(Utf8JsonWriter w, DurableEvent e)
    {
        w.WriteStartObject("Error");
        w.WriteStartObject("Payload");
        if (e.ErrorType is not null)
        {
            w.WriteString("ErrorType", e.ErrorType);
        }
        if (e.ErrorMessage is not null)
        {
            w.WriteString("ErrorMessage", e.ErrorMessage);
        }
        w.WriteEndObject();
        w.WriteBoolean("Truncated", false);
        w.WriteEndObject();
    }

    /// <summary>
    /// RetryDetails as the AWS durable SDK writes them (aws-durable-sdk-js-examples, every history with retries):
    /// CurrentAttempt counts the retries made before this attempt, floored at 1 on a failure, and is left out on a
    /// first-attempt success: attempts 1, 2, 3 write Failed 1, Failed 1, Succeeded 2 (or Failed 2).
    /// </summary>
    internal static int? CurrentAttempt(string eventType, int attempt) =>
        eventType == "StepSucceeded" ? (attempt > 1 ? attempt - 1 : null) : Math.Max(1, attempt - 1);

    private static void RetryDetails(Utf8JsonWriter w, DurableEvent e)
    {
        w.WriteStartObject("RetryDetails");
        if (CurrentAttempt(e.EventType, e.Attempt ?? 1) is { } current)
        {
            w.WriteNumber("CurrentAttempt", current);
        }
        if (e.NextAttemptDelaySeconds is { } delay)
        {
            w.WriteNumber("NextAttemptDelaySeconds", delay);
        }
        w.WriteEndObject();
    }
}
