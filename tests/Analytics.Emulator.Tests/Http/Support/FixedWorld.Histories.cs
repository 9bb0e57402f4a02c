using System.Text.Json;
using Analytics.Emulator.World;

namespace Analytics.Emulator.Tests.Http.Support;

internal sealed partial class FixedWorld
{
    /// <summary>ExecutionStarted, Pass state entered/exited pairs, and the terminal event of the status (if closed).</summary>
    private static GeneratedHistory StepFunctionsHistory(ExecutionRecord execution, int count) => new(count, (w, i, data) =>
    {
        var id = i + 1;
        w.WriteStartObject();
        w.WriteNumber("timestamp", (execution.StartDate.ToUnixTimeMilliseconds() + (10L * i)) / 1000m);
        var terminal = id == count && execution.Status != "RUNNING";
        string type;
        if (id == 1)
        {
            type = "ExecutionStarted";
        }
        else if (terminal)
        {
            type = execution.Status switch
            {
                "SUCCEEDED" => "ExecutionSucceeded",
                "FAILED" => "ExecutionFailed",
                "TIMED_OUT" => "ExecutionTimedOut",
                _ => "ExecutionAborted",
            };
        }
        else
        {
            type = id % 2 == 0 ? "PassStateEntered" : "PassStateExited";
        }
        w.WriteString("type", type);
        w.WriteNumber("id", id);
        w.WriteNumber("previousEventId", id - 1);
        switch (type)
        {
            case "ExecutionStarted":
                w.WriteStartObject("executionStartedEventDetails");
                if (data)
                {
                    w.WriteString("input", execution.Input ?? "{}");
                }
                w.WriteStartObject("inputDetails");
                w.WriteBoolean("truncated", false);
                w.WriteEndObject();
                w.WriteString("roleArn", $"arn:aws:iam::{Account}:role/run");
                w.WriteEndObject();
                break;
            case "PassStateEntered":
                w.WriteStartObject("stateEnteredEventDetails");
                w.WriteString("name", $"Step{id / 2}");
                if (data)
                {
                    w.WriteString("input", "{}");
                }
                w.WriteEndObject();
                break;
            case "PassStateExited":
                w.WriteStartObject("stateExitedEventDetails");
                w.WriteString("name", $"Step{id / 2}");
                if (data)
                {
                    w.WriteString("output", "{}");
                }
                w.WriteEndObject();
                break;
            case "ExecutionSucceeded":
                w.WriteStartObject("executionSucceededEventDetails");
                if (data)
                {
                    w.WriteString("output", execution.Output ?? "{}");
                }
                w.WriteEndObject();
                break;
            default:
                w.WriteStartObject(char.ToLowerInvariant(type[0]) + type[1..] + "EventDetails");
                w.WriteString("error", execution.Error ?? "States.Aborted");
                w.WriteString("cause", execution.Cause ?? "");
                w.WriteEndObject();
                break;
        }
        w.WriteEndObject();
    });

    private static int DurableEventCount(DurableExecutionRecord execution) =>
        execution.DurableExecutionName == $"run-{BigDurableHistory:D5}" ? BigDurableHistoryEvents
            : 4 + (int)(execution.StartTimestamp.ToUnixTimeMilliseconds() % 5);

    /// <summary>ExecutionStarted, StepStarted/StepSucceeded pairs, InvocationCompleted and the terminal event.</summary>
    private static GeneratedHistory DurableHistory(DurableExecutionRecord execution)
    {
        var count = DurableEventCount(execution);
        return new GeneratedHistory(count, (w, i, data) =>
        {
            var eventId = i + 1;
            var closed = execution.Status != "RUNNING";
            var type = eventId == 1 ? "ExecutionStarted"
                : closed && eventId == count ? "Execution" + execution.Status switch
                {
                    "SUCCEEDED" => "Succeeded",
                    "FAILED" => "Failed",
                    "TIMED_OUT" => "TimedOut",
                    _ => "Stopped",
                }
                : closed && eventId == count - 1 ? "InvocationCompleted"
                : eventId % 2 == 0 ? "StepStarted" : "StepSucceeded";
            var at = execution.StartTimestamp + TimeSpan.FromMilliseconds(20 * i);
            w.WriteStartObject();
            w.WriteString("EventType", type);
            w.WriteNumber("EventId", eventId);
            w.WriteNumber("EventTimestamp", at.ToUnixTimeMilliseconds() / 1000m);
            switch (type)
            {
                case "ExecutionStarted":
                    w.WriteString("Id", "execution");
                    w.WriteStartObject("ExecutionStartedDetails");
                    WritePayload(w, "Input", data ? execution.InputPayload : null);
                    w.WriteNumber("ExecutionTimeout", 86400);
                    w.WriteEndObject();
                    break;
                case "StepStarted":
                case "StepSucceeded":
                    w.WriteString("SubType", "Step");
                    w.WriteString("Id", $"step-{eventId / 2}");
                    w.WriteString("Name", $"charge-{eventId / 2}");
                    w.WriteStartObject(type + "Details");
                    if (type == "StepSucceeded")
                    {
                        WritePayload(w, "Result", data ? "{\"ok\":true}" : null);
                        w.WriteStartObject("RetryDetails");
                        w.WriteNumber("CurrentAttempt", 1);
                        w.WriteEndObject();
                    }
                    w.WriteEndObject();
                    break;
                case "InvocationCompleted":
                    w.WriteStartObject("InvocationCompletedDetails");
                    w.WriteNumber("StartTimestamp", execution.StartTimestamp.ToUnixTimeMilliseconds() / 1000m);
                    w.WriteNumber("EndTimestamp", at.ToUnixTimeMilliseconds() / 1000m);
                    w.WriteString("RequestId", $"req-{execution.DurableExecutionName}");
                    w.WriteEndObject();
                    break;
                case "ExecutionSucceeded":
                    w.WriteStartObject("ExecutionSucceededDetails");
                    WritePayload(w, "Result", data ? execution.Result : null);
                    w.WriteEndObject();
                    break;
                default:
                    w.WriteStartObject(type + "Details");
                    w.WriteStartObject("Error");
                    w.WriteStartObject("Payload");
                    w.WriteString("ErrorType", execution.Error?.ErrorType);
                    w.WriteString("ErrorMessage", execution.Error?.ErrorMessage);
                    w.WriteEndObject();
                    w.WriteBoolean("Truncated", false);
                    w.WriteEndObject();
                    w.WriteEndObject();
                    break;
            }
            w.WriteEndObject();
        });
    }

    private static void WritePayload(Utf8JsonWriter w, string name, string? payload)
    {
        w.WriteStartObject(name);
        if (payload is not null)
        {
            w.WriteString("Payload", payload);
        }
        w.WriteBoolean("Truncated", false);
        w.WriteEndObject();
    }

    /// <summary>The EXECUTION operation and one STEP per two history events.</summary>
    private static GeneratedHistory DurableOperations(DurableExecutionRecord execution) =>
        new(1 + (DurableEventCount(execution) / 2), (w, i, _) =>
        {
            w.WriteStartObject();
            w.WriteString("Id", i == 0 ? "execution" : $"step-{i}");
            w.WriteString("Type", i == 0 ? "EXECUTION" : "STEP");
            w.WriteNumber("StartTimestamp", (execution.StartTimestamp.ToUnixTimeMilliseconds() + (40L * i)) / 1000m);
            w.WriteString("Status", i == 0 ? "STARTED" : "SUCCEEDED");
            if (i > 0)
            {
                w.WriteString("Name", $"charge-{i}");
                w.WriteString("SubType", "Step");
                w.WriteStartObject("StepDetails");
                w.WriteNumber("Attempt", 1);
                w.WriteEndObject();
            }
            w.WriteEndObject();
        });
}
