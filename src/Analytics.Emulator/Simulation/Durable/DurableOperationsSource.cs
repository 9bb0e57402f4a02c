using System.Text.Json;
using Analytics.Emulator.Simulation.Sfn;
using Analytics.Emulator.World;

namespace Analytics.Emulator.Simulation.Durable;

/// <summary>
/// GetDurableExecutionState's Operations, rebuilt from the visible history: one operation per Id in start order,
/// its status from its last event; children of completed contexts are left out, as the service does.
/// </summary>
internal sealed class DurableOperationsSource : IHistorySource
{
    private readonly List<Operation> _operations;

    public DurableOperationsSource(DurableTimeline timeline, int visibleCount, string status)
    {
        var byId = new Dictionary<string, Operation>(StringComparer.Ordinal);
        var ordered = new List<Operation>();
        for (var i = 0; i < visibleCount; i++)
        {
            var e = timeline.Events[i];
            if (e.Id is null || e.EventType is "ExecutionPaused" or "ExecutionResumed")
            {
                continue;
            }
            if (!byId.TryGetValue(e.Id, out var op))
            {
                op = new Operation(e.Id, e.ParentId, e.Name, e.SubType, TypeOf(e), e.TimeMs);
                byId[e.Id] = op;
                ordered.Add(op);
            }
            op.Apply(e);
        }
        if (ordered.Count > 0)
        {
            ordered[0].Status = DurableStatus.IsOpen(status) ? "STARTED" : status;
            ordered[0].InputPayload = timeline.Input;
        }
        _operations = [.. ordered.Where(op => !HasCompletedAncestor(op, byId))];
    }

    public int Count => _operations.Count;

    public void WriteItems(Utf8JsonWriter writer, int start, int count, bool reverseOrder, bool includeExecutionData)
    {
        var end = Math.Min(_operations.Count, start + count);
        for (var i = Math.Max(0, start); i < end; i++)
        {
            _operations[reverseOrder ? _operations.Count - 1 - i : i].Write(writer, includeExecutionData);
        }
    }

    private static bool HasCompletedAncestor(Operation op, Dictionary<string, Operation> byId)
    {
        for (var parent = op.ParentId; parent is not null && byId.TryGetValue(parent, out var p); parent = p.ParentId)
        {
            if (p.Type == "CONTEXT" && p.Status is not ("STARTED" or "PENDING"))
            {
                return true;
            }
        }
        return false;
    }

    private static string TypeOf(DurableEvent e) => e.EventType switch
    {
        _ when e.EventType.StartsWith("Execution", StringComparison.Ordinal) => "EXECUTION",
        _ when e.EventType.StartsWith("Context", StringComparison.Ordinal) => "CONTEXT",
        _ when e.EventType.StartsWith("Step", StringComparison.Ordinal) => "STEP",
        _ when e.EventType.StartsWith("Wait", StringComparison.Ordinal) => "WAIT",
        _ when e.EventType.StartsWith("Callback", StringComparison.Ordinal) => "CALLBACK",
        _ => "CHAINED_INVOKE",
    };

    private sealed class Operation(string id, string? parentId, string? name, string? subType, string type, long startMs)
    {
        public string Id { get; } = id;

        public string? ParentId { get; } = parentId;

        public string Type { get; } = type;

        public string Status { get; set; } = "STARTED";

        public string? InputPayload { get; set; }

        private long? _endMs;
        private int _attempt;
        private long? _nextAttemptMs;
        private long? _scheduledEndMs;
        private string? _callbackId;
        private string? _result;
        private string? _errorType;
        private string? _errorMessage;

        public void Apply(DurableEvent e)
        {
            _callbackId ??= e.CallbackId;
            _scheduledEndMs ??= e.ScheduledEndMs;
            if (e.EventType == "StepStarted")
            {
                _attempt++;
                Status = "STARTED";
                _nextAttemptMs = null;
                return;
            }
            if (e.EventType.EndsWith("Started", StringComparison.Ordinal))
            {
                return;
            }
            _result = e.Payload ?? _result;
            _errorType = e.ErrorType;
            _errorMessage = e.ErrorMessage;
            if (e.EventType == "StepFailed" && e.NextAttemptDelaySeconds is { } delay)
            {
                Status = "PENDING";
                _nextAttemptMs = e.TimeMs + delay * 1000L;
                return;
            }
            Status = e.EventType switch
            {
                _ when e.EventType.EndsWith("Succeeded", StringComparison.Ordinal) => "SUCCEEDED",
                _ when e.EventType.EndsWith("TimedOut", StringComparison.Ordinal) => "TIMED_OUT",
                _ when e.EventType.EndsWith("Stopped", StringComparison.Ordinal) => "STOPPED",
                _ when e.EventType.EndsWith("Cancelled", StringComparison.Ordinal) => "CANCELLED",
                _ => "FAILED",
            };
            _endMs = e.TimeMs;
        }

        public void Write(Utf8JsonWriter w, bool data)
        {
            w.WriteStartObject();
            w.WriteString("Id", Id);
            if (ParentId is not null)
            {
                w.WriteString("ParentId", ParentId);
            }
            if (name is not null)
            {
                w.WriteString("Name", name);
            }
            w.WriteString("Type", Type);
            if (subType is not null)
            {
                w.WriteString("SubType", subType);
            }
            w.WritePropertyName("StartTimestamp");
            SfnEventWriter.WriteEpochSeconds(w, startMs);
            if (_endMs is { } end)
            {
                w.WritePropertyName("EndTimestamp");
                SfnEventWriter.WriteEpochSeconds(w, end);
            }
            w.WriteString("Status", Status);
            switch (Type)
            {
                case "EXECUTION":
                    w.WriteStartObject("ExecutionDetails");
                    if (data && InputPayload is not null)
                    {
                        w.WriteString("InputPayload", InputPayload);
                    }
                    w.WriteEndObject();
                    break;
                case "STEP":
                    w.WriteStartObject("StepDetails");
                    w.WriteNumber("Attempt", _attempt);
                    if (_nextAttemptMs is { } next)
                    {
                        w.WritePropertyName("NextAttemptTimestamp");
                        SfnEventWriter.WriteEpochSeconds(w, next);
                    }
                    ResultOrError(w, data);
                    w.WriteEndObject();
                    break;
                case "WAIT":
                    w.WriteStartObject("WaitDetails");
                    w.WritePropertyName("ScheduledEndTimestamp");
                    SfnEventWriter.WriteEpochSeconds(w, _scheduledEndMs ?? startMs);
                    w.WriteEndObject();
                    break;
                case "CALLBACK":
                    w.WriteStartObject("CallbackDetails");
                    w.WriteString("CallbackId", _callbackId);
                    ResultOrError(w, data);
                    w.WriteEndObject();
                    break;
                case "CONTEXT":
                    w.WriteStartObject("ContextDetails");
                    ResultOrError(w, data);
                    w.WriteEndObject();
                    break;
                default:
                    w.WriteStartObject("ChainedInvokeDetails");
                    ResultOrError(w, data);
                    w.WriteEndObject();
                    break;
            }
            w.WriteEndObject();
        }

        private void ResultOrError(Utf8JsonWriter w, bool data)
        {
            if (Status == "SUCCEEDED" && data && _result is not null)
            {
                w.WriteString("Result", _result);
            }
            if (Status is "FAILED" or "TIMED_OUT" or "PENDING" && (_errorType ?? _errorMessage) is not null)
            {
                w.WriteStartObject("Error");
                if (_errorType is not null)
                {
                    w.WriteString("ErrorType", _errorType);
                }
                if (_errorMessage is not null)
                {
                    w.WriteString("ErrorMessage", _errorMessage);
                }
                w.WriteEndObject();
            }
        }
    }
}
