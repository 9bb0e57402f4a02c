using System.Globalization;
using Analytics.Emulator.Simulation;
using Analytics.Emulator.Simulation.Durable;

namespace Analytics.Emulator.World;

public sealed partial class SimulatedWorld
{
    private readonly DurableModels _durable;
    private readonly BoundedCache<(int, long), DurableTimeline> _durableTimelines = new(2_048);

    public IReadOnlyList<FunctionRecord> Functions { get; }

    internal IReadOnlyList<DurableFunctionModel> DurableFunctions => _durable.All;

    private List<FunctionRecord> BuildFunctions()
    {
        var records = new List<FunctionRecord>();
        foreach (var f in File.Functions)
        {
            records.Add(FunctionRecordOf(f.Name, f.Runtime, f.Handler, f.CodeSize, f.Description, f.Timeout, f.MemorySize, null, f.EventInvokeConfigs));
        }
        foreach (var d in File.DurableFunctions)
        {
            records.Add(FunctionRecordOf(d.Name, d.Runtime, "index.handler", 1_048_576, d.Description, d.Timeout, d.MemorySize,
                new DurableConfigRecord(d.RetentionPeriodInDays, d.ExecutionTimeout), d.EventInvokeConfigs));
        }
        return [.. records.OrderBy(r => r.FunctionName, StringComparer.Ordinal)];
    }

    private FunctionRecord FunctionRecordOf(string name, string runtime, string handler, long codeSize, string? description, int timeout, int memory,
        DurableConfigRecord? durable, List<EventInvokeConfigSpec> configs)
    {
        var arn = $"arn:aws:lambda:{Region}:{AccountId}:function:{name}";
        var modified = DateTimeOffset.FromUnixTimeMilliseconds(NowMs).AddDays(-File.Days - 20 - (long)(SimRandom.HashString(name) % 90)).AddMilliseconds((long)(SimRandom.HashString(name) % 86_400_000));
        var sha = Convert.ToBase64String(BitConverter.GetBytes(SimRandom.HashString("code:" + name)).Concat(BitConverter.GetBytes(SimRandom.HashString("sha:" + name))).Concat(BitConverter.GetBytes(SimRandom.HashString(name + "!"))).Concat(BitConverter.GetBytes(SimRandom.HashString(name + "?"))).ToArray());
        var invokeConfigs = configs.Select(c => new EventInvokeConfigRecord($"{arn}:{c.Qualifier}", modified.AddDays(1), c.MaximumRetryAttempts,
            c.MaximumEventAgeInSeconds, c.OnSuccess, c.OnFailure)).ToList();
        return new FunctionRecord(name, arn, runtime, $"arn:aws:iam::{AccountId}:role/lambda-{name}-role", handler, codeSize, description, timeout, memory,
            modified.ToString("yyyy-MM-dd'T'HH:mm:ss.fff+0000", CultureInfo.InvariantCulture), sha, "$LATEST", durable, invokeConfigs);
    }

    public FunctionRecord? FindFunction(string functionNameOrArn)
    {
        var name = functionNameOrArn;
        if (name.StartsWith("arn:", StringComparison.Ordinal))
        {
            var parts = name.Split(':');
            if (parts.Length < 7 || parts[2] != "lambda" || parts[3] != Region || parts[4] != AccountId || parts[5] != "function")
            {
                return null;
            }
            name = parts[6];
        }
        else if (name.Contains(':', StringComparison.Ordinal))
        {
            name = name[..name.IndexOf(':', StringComparison.Ordinal)];
        }
        return Functions.FirstOrDefault(f => f.FunctionName == name);
    }

    public IPagedList<DurableExecutionRecord> ListDurableExecutions(string functionName)
    {
        var model = FindFunction(functionName) is { } f ? _durable.Find(f.FunctionName) : null;
        if (model is null)
        {
            return LazyList<DurableExecutionRecord>.Empty;
        }
        var count = (int)model.Schedule.CountStartedBy(NowMs);
        return new LazyList<DurableExecutionRecord>(count, k => DurableRecord(model, count - 1 - k));
    }

    public DurableExecutionRecord? FindDurableExecution(string durableExecutionArn) =>
        FindDurable(durableExecutionArn) is { } found ? DurableRecord(found.Model, found.Index) : null;

    public IHistorySource? GetDurableExecutionHistory(string durableExecutionArn)
    {
        if (FindDurable(durableExecutionArn) is not { } found)
        {
            return null;
        }
        var timeline = DurableTimelineOf(found.Model, found.Index);
        return new DurableHistorySource(timeline.Events, DurableHistorySource.VisibleCount(timeline.Events, NowMs));
    }

    public IHistorySource? GetDurableExecutionState(string durableExecutionArn)
    {
        if (FindDurable(durableExecutionArn) is not { } found)
        {
            return null;
        }
        var timeline = DurableTimelineOf(found.Model, found.Index);
        var record = DurableRecord(found.Model, found.Index);
        return new DurableOperationsSource(timeline, DurableHistorySource.VisibleCount(timeline.Events, NowMs), record.Status);
    }

    public bool IsValidCheckpointToken(string durableExecutionArn, string checkpointToken) =>
        CheckpointTokenFor(durableExecutionArn) is { } token && token == checkpointToken;

    /// <summary>
    /// The checkpoint token the service would have handed to the running invocation of a RUNNING durable execution
    /// (null otherwise). Offline readers never have it; tests of the endpoint's token check can ask for it here.
    /// </summary>
    public string? CheckpointTokenFor(string durableExecutionArn)
    {
        if (FindDurable(durableExecutionArn) is not { } found || DurableRecord(found.Model, found.Index).Status != "RUNNING")
        {
            return null;
        }
        var timeline = DurableTimelineOf(found.Model, found.Index);
        var visible = DurableHistorySource.VisibleCount(timeline.Events, NowMs);
        return $"ckpt-{SimRandom.Mix(SimRandom.HashString(durableExecutionArn), (ulong)visible):x16}";
    }

    internal DurableTimeline DurableTimelineOf(DurableFunctionModel model, long index) =>
        _durableTimelines.GetOrAdd((model.Ordinal, index), key => DurableSimulator.Simulate(_durable.All[key.Item1], Seed, key.Item2));

    internal DurableExecutionRecord DurableRecord(DurableFunctionModel model, long index)
    {
        var t = DurableTimelineOf(model, index);
        var status = DurableStatus.At(t, NowMs);
        var closed = !DurableStatus.IsOpen(status);
        var error = closed && t.FinalStatus != "SUCCEEDED" ? new DurableErrorRecord(t.ErrorType, t.ErrorMessage, null, null) : null;
        var pause = t.Pause is { } p && status is "PAUSING" or "PAUSED"
            ? new DurablePauseRecord(DateTimeOffset.FromUnixTimeMilliseconds(p.RequestMs), p.Reason, p.ExecutionTimeoutPaused)
            : null;
        return new DurableExecutionRecord(DurableArnCodec.ExecutionArn(model, Seed, index, t.ExecutionId), DurableArnCodec.ExecutionName(model, Seed, index),
            $"{model.FunctionArn}:{model.Spec.Version}", status, DateTimeOffset.FromUnixTimeMilliseconds(t.StartMs),
            closed ? DateTimeOffset.FromUnixTimeMilliseconds(t.EndMs) : null, model.Spec.Version, t.Input,
            closed && t.FinalStatus == "SUCCEEDED" ? t.Result : null, error, pause,
            closed ? null : DateTimeOffset.FromUnixTimeMilliseconds(ExpectedTimeoutMs(model, t)));
    }

    /// <summary>
    /// ExpectedExecutionTimeoutTimestamp of an open execution: start + ExecutionTimeout, extended by the time spent
    /// paused once resumed, and 366 days after the start while paused with the timeout paused (as AWS documents it).
    /// </summary>
    private long ExpectedTimeoutMs(DurableFunctionModel model, DurableTimeline t)
    {
        var timeoutAt = t.StartMs + model.Spec.ExecutionTimeout * 1000L;
        if (t.Pause is not { ExecutionTimeoutPaused: true } p || NowMs < p.PausedMs)
        {
            return timeoutAt;
        }
        return NowMs < p.ResumedMs ? t.StartMs + DurablePause.MaxTimeoutMs : p.TimeoutAt(t.StartMs, timeoutAt);
    }

    private (DurableFunctionModel Model, long Index)? FindDurable(string arn)
    {
        if (DurableArnCodec.Parse(arn) is not { } parsed || _durable.Find(parsed.Function) is not { } model)
        {
            return null;
        }
        if (parsed.Index >= model.Schedule.CountStartedBy(NowMs) || parsed.Name != DurableArnCodec.ExecutionName(model, Seed, parsed.Index))
        {
            return null;
        }
        var expected = DurableArnCodec.ExecutionArn(model, Seed, parsed.Index, DurableTimelineOf(model, parsed.Index).ExecutionId);
        return expected == arn ? (model, parsed.Index) : null;
    }
}
