using Analytics.Emulator.World;

namespace Analytics.Emulator.Simulation.Durable;

/// <summary>
/// Interprets a durable step program the way the durable SDKs checkpoint it: each Lambda invocation runs until the
/// program must suspend (a wait, a pending callback or chained invoke, a step retry delay) and ends with
/// InvocationCompleted; the next invocation replays and carries on. Parallel branches and Map items run one after
/// another (the SDK interleaves them; the event types, ids and parent structure are the same).
/// </summary>
internal sealed class DurableRun(SimRandom rng, long startMs)
{
    private SimRandom _rng = rng;
    private long _t = startMs;
    private long _invocationStart = startMs;
    private readonly Dictionary<string, int> _counters = [];

    public List<DurableEvent> Events { get; } = [];

    public long Now => _t;

    public long InvocationStart => _invocationStart;

    private void Add(DurableEvent e) => Events.Add(e);

    private long Advance(long ms) => _t += Math.Max(0, ms);

    /// <summary>Operation ids: 16 hex digits derived from the parent and a per-parent counter, as the SDKs do.</summary>
    private string NextId(string? parentId)
    {
        var key = parentId ?? "";
        _counters[key] = _counters.GetValueOrDefault(key) + 1;
        return $"{SimRandom.HashString(key + ":" + _counters[key]):x16}";
    }

    /// <summary>Ends the current invocation and starts the next one at <paramref name="resumeAt"/>.</summary>
    private void Suspend(long resumeAt)
    {
        Advance(20 + _rng.NextInt(60));
        Add(new DurableEvent { EventType = "InvocationCompleted", TimeMs = _t, InvocationStartMs = _invocationStart, RequestId = _rng.NextUuid() });
        _t = Math.Max(_t, resumeAt);
        _invocationStart = _t;
        Advance(1 + _rng.NextInt(5));
    }

    public void CompleteInvocation(string? errorType, string? errorMessage)
    {
        Advance(2 + _rng.NextInt(20));
        Add(new DurableEvent { EventType = "InvocationCompleted", TimeMs = _t, InvocationStartMs = _invocationStart, RequestId = _rng.NextUuid(), ErrorType = errorType, ErrorMessage = errorMessage });
    }

    /// <summary>Runs a program; returns the error that escaped it (null on success).</summary>
    public (string Type, string Message)? RunProgram(List<DurableOpSpec> program, string? parentId)
    {
        foreach (var op in program)
        {
            var error = RunOp(op, parentId);
            if (error is not null && !op.Optional)
            {
                return error;
            }
        }
        return null;
    }

    private (string Type, string Message)? RunOp(DurableOpSpec op, string? parentId) => op.Type switch
    {
        "step" => RunStep(op, parentId),
        "wait" => RunWait(op, parentId),
        "callback" => op.Submitter ? RunWaitForCallback(op, parentId) : RunCallback(op, parentId, NextId(parentId)),
        "childContext" => RunContext(op, parentId, "RunInChildContext", () => RunProgram(op.Program, CurrentContext)),
        "parallel" => RunParallel(op, parentId),
        "map" => RunMap(op, parentId),
        "invoke" => RunInvoke(op, parentId),
        _ => throw new InvalidOperationException($"unknown durable operation type '{op.Type}'"),
    };

    private string? CurrentContext { get; set; }

    private (string, string)? RunStep(DurableOpSpec op, string? parentId)
    {
        var id = NextId(parentId);
        var retry = op.Retry;
        var maxAttempts = Math.Max(1, retry?.MaxAttempts ?? 1);
        for (var attempt = 1; ; attempt++)
        {
            Advance(1 + _rng.NextInt(5));
            Add(new DurableEvent { EventType = "StepStarted", SubType = "Step", Id = id, Name = op.Name, TimeMs = _t, ParentId = parentId });
            Advance(LatencySampler.SampleMs(op.Latency, ref _rng, 120, 2_000));
            var error = PickError(op.Failures);
            if (error is null)
            {
                Add(new DurableEvent { EventType = "StepSucceeded", SubType = "Step", Id = id, Name = op.Name, TimeMs = _t, ParentId = parentId, Payload = "{\"ok\":true}", Attempt = attempt });
                return null;
            }
            var message = $"{error} in step {op.Name ?? id}";
            if (attempt >= maxAttempts)
            {
                Add(new DurableEvent { EventType = "StepFailed", SubType = "Step", Id = id, Name = op.Name, TimeMs = _t, ParentId = parentId, ErrorType = error, ErrorMessage = message, Attempt = attempt });
                return ("StepError", message);
            }
            var delay = (int)Math.Ceiling(Math.Min(retry!.MaxDelaySeconds, retry.InitialDelaySeconds * Math.Pow(retry.BackoffRate, attempt - 1)));
            Add(new DurableEvent { EventType = "StepFailed", SubType = "Step", Id = id, Name = op.Name, TimeMs = _t, ParentId = parentId, ErrorType = error, ErrorMessage = message, Attempt = attempt, NextAttemptDelaySeconds = delay });
            Suspend(_t + delay * 1000L);
        }
    }

    private (string, string)? RunWait(DurableOpSpec op, string? parentId)
    {
        var id = NextId(parentId);
        Advance(1 + _rng.NextInt(5));
        var end = _t + op.Seconds * 1000L;
        Add(new DurableEvent { EventType = "WaitStarted", SubType = "Wait", Id = id, Name = op.Name, TimeMs = _t, ParentId = parentId, DurationSeconds = op.Seconds, ScheduledEndMs = end });
        Suspend(end);
        Add(new DurableEvent { EventType = "WaitSucceeded", SubType = "Wait", Id = id, Name = op.Name, TimeMs = _t, ParentId = parentId, DurationSeconds = op.Seconds });
        return null;
    }

    private (string, string)? RunCallback(DurableOpSpec op, string? parentId, string id, bool withSubmitter = false)
    {
        Advance(1 + _rng.NextInt(5));
        var timeout = op.TimeoutSeconds > 0 ? op.TimeoutSeconds : 3_600;
        var callbackId = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{{\"operationId\":\"{id}\",\"token\":\"{_rng.NextUuid()}\"}}"));
        Add(new DurableEvent { EventType = "CallbackStarted", SubType = "Callback", Id = id, Name = withSubmitter ? null : op.Name, TimeMs = _t, ParentId = parentId, CallbackId = callbackId, TimeoutSeconds = timeout, HeartbeatTimeoutSeconds = op.HeartbeatTimeoutSeconds > 0 ? op.HeartbeatTimeoutSeconds : null });
        if (withSubmitter)
        {
            var submitter = NextId(parentId);
            Advance(1 + _rng.NextInt(5));
            Add(new DurableEvent { EventType = "StepStarted", SubType = "Step", Id = submitter, TimeMs = _t, ParentId = parentId });
            Advance(LatencySampler.SampleMs(null, ref _rng, 80, 600));
            Add(new DurableEvent { EventType = "StepSucceeded", SubType = "Step", Id = submitter, TimeMs = _t, ParentId = parentId, Payload = "null", Attempt = 1 });
        }
        var startedAt = _t;
        var u = _rng.NextDouble();
        var timesOut = u < op.TimeoutProbability;
        var fails = !timesOut && u < op.TimeoutProbability + op.FailProbability;
        var answeredAt = timesOut ? startedAt + timeout * 1000L : startedAt + Math.Min(LatencySampler.SampleMs(op.Latency, ref _rng, 60_000, 1_800_000), timeout * 1000L - 1);
        Suspend(answeredAt);
        var name = withSubmitter ? null : op.Name;
        if (timesOut)
        {
            Add(new DurableEvent { EventType = "CallbackTimedOut", SubType = "Callback", Id = id, Name = name, TimeMs = _t, ParentId = parentId, ErrorMessage = "Callback timed out" });
            return ("CallbackError", "Callback timed out");
        }
        if (fails)
        {
            Add(new DurableEvent { EventType = "CallbackFailed", SubType = "Callback", Id = id, Name = name, TimeMs = _t, ParentId = parentId, ErrorType = "RejectedError", ErrorMessage = "The approver rejected the request" });
            return ("CallbackError", "The approver rejected the request");
        }
        Add(new DurableEvent { EventType = "CallbackSucceeded", SubType = "Callback", Id = id, Name = name, TimeMs = _t, ParentId = parentId, Payload = "{\"approved\":true}" });
        return null;
    }

    private (string, string)? RunWaitForCallback(DurableOpSpec op, string? parentId) =>
        RunContext(op, parentId, "WaitForCallback", () => RunCallback(op, CurrentContext, NextId(CurrentContext), withSubmitter: true));

    private (string, string)? RunContext(DurableOpSpec op, string? parentId, string subType, Func<(string, string)?> body, string? name = null)
    {
        var id = NextId(parentId);
        Advance(1 + _rng.NextInt(3));
        Add(new DurableEvent { EventType = "ContextStarted", SubType = subType, Id = id, Name = name ?? op.Name, TimeMs = _t, ParentId = parentId });
        var outer = CurrentContext;
        CurrentContext = id;
        var error = body();
        CurrentContext = outer;
        Advance(1 + _rng.NextInt(3));
        if (error is { } e)
        {
            Add(new DurableEvent { EventType = "ContextFailed", SubType = subType, Id = id, Name = name ?? op.Name, TimeMs = _t, ParentId = parentId, ErrorType = e.Item1, ErrorMessage = e.Item2 });
            return error;
        }
        Add(new DurableEvent { EventType = "ContextSucceeded", SubType = subType, Id = id, Name = name ?? op.Name, TimeMs = _t, ParentId = parentId, Payload = "{\"ok\":true}" });
        return null;
    }

    private (string, string)? RunParallel(DurableOpSpec op, string? parentId) =>
        RunContext(op, parentId, "Parallel", () =>
        {
            var parallelId = CurrentContext;
            (string, string)? first = null;
            for (var b = 0; b < op.Branches.Count; b++)
            {
                var branch = op.Branches[b];
                var error = RunContext(op, parallelId, "ParallelBranch", () => RunProgram(branch, CurrentContext), $"parallel-branch-{b}");
                first ??= error;
            }
            return first;
        });

    private (string, string)? RunMap(DurableOpSpec op, string? parentId) =>
        RunContext(op, parentId, "Map", () =>
        {
            var mapId = CurrentContext;
            var min = op.Items?.Min ?? 1;
            var items = min + _rng.NextInt((op.Items?.Max ?? min) - min + 1);
            (string, string)? first = null;
            for (var i = 0; i < items; i++)
            {
                var error = RunContext(op, mapId, "MapIteration", () => RunProgram(op.Program, CurrentContext), $"map-item-{i}");
                first ??= error;
            }
            return first;
        });

    private (string, string)? RunInvoke(DurableOpSpec op, string? parentId)
    {
        var id = NextId(parentId);
        Advance(1 + _rng.NextInt(5));
        Add(new DurableEvent { EventType = "ChainedInvokeStarted", SubType = "ChainedInvoke", Id = id, Name = op.Name, TimeMs = _t, ParentId = parentId, FunctionName = op.Function, Payload = "{}" });
        Suspend(_t + LatencySampler.SampleMs(op.Latency, ref _rng, 2_000, 30_000));
        if (_rng.Chance(op.FailProbability))
        {
            var message = $"{op.Function} failed";
            Add(new DurableEvent { EventType = "ChainedInvokeFailed", SubType = "ChainedInvoke", Id = id, Name = op.Name, TimeMs = _t, ParentId = parentId, ErrorType = "Error", ErrorMessage = message });
            return ("InvokeError", message);
        }
        Add(new DurableEvent { EventType = "ChainedInvokeSucceeded", SubType = "ChainedInvoke", Id = id, Name = op.Name, TimeMs = _t, ParentId = parentId, Payload = "{\"ok\":true}" });
        return null;
    }

    private string? PickError(Dictionary<string, double> failures)
    {
        var u = _rng.NextDouble();
        foreach (var (error, probability) in failures)
        {
            u -= probability;
            if (u < 0)
            {
                return error;
            }
        }
        return null;
    }
}
