using System.Text.Json;
using Analytics.Emulator.Simulation.Asl;
using Analytics.Emulator.World;

namespace Analytics.Emulator.Simulation.Sfn;

internal sealed partial class SfnRun
{
    private const string DefaultOutput = "{\"statusCode\":200,\"ok\":true}";

    private StepResult RunTask(AslState state, long t, SfnEvent? previous)
    {
        var entered = Entered(state, t + Tick(), previous);
        var outcome = _model.OutcomeFor(state, _executionStartMs);
        var retries = new int[state.Retry.Count];
        var parent = entered;
        t = entered.TimeMs;
        string? persistent = null;
        while (true)
        {
            var (failed, end, last, error, cause) = RunAttempt(state, outcome, t + Tick(), parent, persistent);
            if (!failed)
            {
                var exited = Exited(state, end + Tick(), last);
                return new StepResult(false, exited.TimeMs, exited, state.End ? null : state.Next, null, null);
            }
            if (outcome is not null && outcome.Persistent.Contains(error!))
            {
                persistent = error;
            }
            if (TryRetry(state, retries, error!, end, out var retryAt))
            {
                parent = last;
                t = retryAt;
                continue;
            }
            return CatchOrFail(state, end, last, error!, cause);
        }
    }

    private (bool Failed, long End, SfnEvent Last, string? Error, string? Cause) RunAttempt(AslState state, OutcomeSpec? outcome, long t, SfnEvent parent, string? persistent)
    {
        var names = TaskEventNames.For(state.Kind);
        var scheduled = Add(new SfnEvent
        {
            Type = names.Scheduled,
            TimeMs = t,
            Parent = parent,
            Resource = state.Kind == TaskKind.Service ? state.ServiceResource : state.Resource,
            ResourceType = state.ServiceType,
            Region = _context.Region,
            Input = state.Kind == TaskKind.Service ? state.ParametersJson : _payload,
            TimeoutSeconds = state.TimeoutSeconds,
            HeartbeatSeconds = state.Kind == TaskKind.LegacyLambda ? null : state.HeartbeatSeconds,
        });
        var (queueMedian, queueP99, runMedian, runP99) = DefaultLatencies(state);
        var queueMs = LatencySampler.SampleMs(outcome?.Queue, ref _rng, queueMedian, queueP99);
        var started = Add(new SfnEvent
        {
            Type = names.Started,
            TimeMs = t + queueMs,
            Parent = scheduled,
            Resource = scheduled.Resource,
            ResourceType = state.ServiceType,
            WorkerName = state.Kind == TaskKind.Activity ? $"worker-{1 + _rng.NextInt(4)}" : null,
        });
        var last = started;
        if (state.Submits)
        {
            last = Add(new SfnEvent { Type = "TaskSubmitted", TimeMs = started.TimeMs + 15 + _rng.NextInt(60), Parent = started, Resource = scheduled.Resource, ResourceType = state.ServiceType, Output = "{\"SdkHttpMetadata\":{\"HttpStatusCode\":200}}" });
        }

        var runMs = LatencySampler.SampleMs(outcome?.Latency, ref _rng, runMedian, runP99);
        // A persistent error (a bad input, a declined card) comes back on every retry of the visit; the draw is still
        // made so the random stream stays the same as without the knob.
        var error = PickError(outcome);
        error = persistent ?? error;
        if (error is not null)
        {
            runMs = Math.Max(1, (long)(runMs * (0.2 + 0.8 * _rng.NextDouble())));
        }
        var end = last.TimeMs + runMs;
        var timeoutAt = state.TimeoutSeconds is { } timeout ? scheduled.TimeMs + timeout * 1000L : long.MaxValue;
        if (timeoutAt != long.MaxValue && _rng.Chance(outcome?.TimeoutProbability ?? 0))
        {
            end = timeoutAt + 1 + _rng.NextInt(5_000);
        }
        var heartbeatAt = long.MaxValue;
        if (state.HeartbeatSeconds is { } heartbeat && state.Kind != TaskKind.LegacyLambda && _rng.Chance(outcome?.HeartbeatMissProbability ?? 0))
        {
            heartbeatAt = started.TimeMs + heartbeat * 1000L * (1 + _rng.NextInt(3));
        }
        var timedOutAt = Math.Min(timeoutAt, heartbeatAt);
        if (timedOutAt < end)
        {
            var timedOut = Add(new SfnEvent { Type = names.TimedOut, TimeMs = timedOutAt, Parent = last, Resource = scheduled.Resource, ResourceType = state.ServiceType, Error = "States.Timeout" });
            return (true, timedOut.TimeMs, timedOut, "States.Timeout", null);
        }
        if (error is not null)
        {
            var cause = CauseFor(state, error);
            var failed = Add(new SfnEvent { Type = names.Failed, TimeMs = end, Parent = last, Resource = scheduled.Resource, ResourceType = state.ServiceType, Error = error, Cause = cause });
            return (true, end, failed, error, cause);
        }
        _payload = OutputOf(outcome);
        var succeeded = Add(new SfnEvent { Type = names.Succeeded, TimeMs = end, Parent = last, Resource = scheduled.Resource, ResourceType = state.ServiceType, Output = _payload });
        return (false, end, succeeded, null, null);
    }

    private static (double QueueMedian, double QueueP99, double RunMedian, double RunP99) DefaultLatencies(AslState state) => state.Kind switch
    {
        TaskKind.Activity => (2_000, 60_000, 30_000, 600_000),
        TaskKind.LegacyLambda => (40, 400, 250, 3_000),
        _ when state.ServiceType == "lambda" => (40, 400, 250, 3_000),
        _ when state.Submits => (30, 300, 60_000, 900_000),
        _ => (20, 200, 60, 1_000),
    };

    private string? PickError(OutcomeSpec? outcome)
    {
        if (outcome is null || outcome.Failures.Count == 0)
        {
            return null;
        }
        var u = _rng.NextDouble();
        foreach (var (error, probability) in outcome.Failures)
        {
            u -= probability;
            if (u < 0)
            {
                return error;
            }
        }
        return null;
    }

    private string CauseFor(AslState state, string error)
    {
        var isLambda = state.Kind == TaskKind.LegacyLambda || state.ServiceType == "lambda";
        if (!isLambda)
        {
            return $"{error}: the simulated {state.ServiceType ?? "activity"} call failed (Service: simulated; Status Code: 400; Request ID: {_rng.NextUuid()})";
        }
        return JsonSerializer.Serialize(new LambdaError($"{error} raised while handling the request", error, _rng.NextUuid(), ["at handler (/var/task/index.js:42:13)"]), s_lambdaErrorOptions);
    }

    private static readonly JsonSerializerOptions s_lambdaErrorOptions = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    private sealed record LambdaError(string ErrorMessage, string ErrorType, string RequestId, string[] StackTrace);

    private string OutputOf(OutcomeSpec? outcome) => outcome is null ? DefaultOutput : _model.OutputJson(outcome) ?? DefaultOutput;
}

/// <summary>The event type names of one kind of Task resource.</summary>
internal sealed record TaskEventNames(string Scheduled, string Started, string Succeeded, string Failed, string TimedOut)
{
    private static readonly TaskEventNames s_lambda = new("LambdaFunctionScheduled", "LambdaFunctionStarted", "LambdaFunctionSucceeded", "LambdaFunctionFailed", "LambdaFunctionTimedOut");
    private static readonly TaskEventNames s_service = new("TaskScheduled", "TaskStarted", "TaskSucceeded", "TaskFailed", "TaskTimedOut");
    private static readonly TaskEventNames s_activity = new("ActivityScheduled", "ActivityStarted", "ActivitySucceeded", "ActivityFailed", "ActivityTimedOut");

    public static TaskEventNames For(TaskKind kind) => kind switch
    {
        TaskKind.LegacyLambda => s_lambda,
        TaskKind.Activity => s_activity,
        _ => s_service,
    };
}
