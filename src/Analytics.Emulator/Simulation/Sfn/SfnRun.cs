using Analytics.Emulator.Simulation.Asl;

namespace Analytics.Emulator.Simulation.Sfn;

/// <summary>How a state or a block of states ended.</summary>
internal readonly record struct StepResult(bool Failed, long EndMs, SfnEvent? Last, string? Next, string? Error, string? Cause, string? FailedState = null);

/// <summary>
/// One execution being simulated: an interpreter of the ASL definition that writes events with parent pointers.
/// Split by concern: flow and simple states here, Task, Map, Distributed Map, Parallel and failures in partials.
/// </summary>
internal sealed partial class SfnRun
{
    // Only stops endless Choice loops; the 25,000-event history cap (SfnSimulator) ends them as AWS does.
    private const int MaxTransitions = 13_000;
    private readonly StateMachineModel _model;
    private readonly SimulationContext _context;
    private readonly long _index;
    private readonly long _executionStartMs;
    private SimRandom _rng;
    private int _transitions;
    private string _payload;

    public SfnRun(StateMachineModel model, SimulationContext context, long index, SimRandom rng, long executionStartMs, string input)
    {
        _model = model;
        _context = context;
        _index = index;
        _rng = rng;
        _executionStartMs = executionStartMs;
        _payload = input;
    }

    public List<SfnEvent> Events { get; } = [];

    public List<MapRunTimeline> MapRuns { get; } = [];

    public string Payload => _payload;

    public SfnEvent Add(SfnEvent e)
    {
        e.Seq = Events.Count;
        Events.Add(e);
        return e;
    }

    /// <summary>A state transition's few milliseconds.</summary>
    private long Tick() => 3 + _rng.NextInt(38);

    public StepResult RunBlock(AslBlock block, long t, SfnEvent? parent, string? startAt = null)
    {
        var current = startAt ?? block.StartAt;
        var previous = parent;
        while (true)
        {
            if (++_transitions > MaxTransitions)
            {
                return new StepResult(true, t, previous, null, "States.Runtime",
                    $"The execution exceeded the simulator's limit of {MaxTransitions} state transitions.", current);
            }
            var state = block.States[current];
            var r = RunState(state, t, previous);
            if (r.Failed)
            {
                return r with { FailedState = state.Name };
            }
            t = r.EndMs;
            previous = r.Last;
            if (r.Next is null)
            {
                return new StepResult(false, t, previous, null, null, null);
            }
            current = r.Next;
        }
    }

    private StepResult RunState(AslState state, long t, SfnEvent? previous) => state.Type switch
    {
        "Task" => RunTask(state, t, previous),
        "Map" when state.Distributed => RunDistributedMap(state, t, previous),
        "Map" => RunInlineMap(state, t, previous),
        "Parallel" => RunParallel(state, t, previous),
        "Choice" => RunChoice(state, t, previous),
        "Wait" => RunWait(state, t, previous),
        "Fail" => RunFail(state, t, previous),
        _ => RunPassOrSucceed(state, t, previous),
    };

    private SfnEvent Entered(AslState state, long t, SfnEvent? parent) =>
        Add(new SfnEvent { Type = state.Type + "StateEntered", TimeMs = t, Parent = parent, Name = state.Name, StateType = state.Type, Input = _payload });

    private SfnEvent Exited(AslState state, long t, SfnEvent? parent) =>
        Add(new SfnEvent { Type = state.Type + "StateExited", TimeMs = t, Parent = parent, Name = state.Name, StateType = state.Type, Output = _payload });

    private StepResult RunPassOrSucceed(AslState state, long t, SfnEvent? previous)
    {
        var entered = Entered(state, t + Tick(), previous);
        var exited = Exited(state, entered.TimeMs + _rng.NextInt(4), entered);
        return new StepResult(false, exited.TimeMs, exited, state.Type == "Succeed" ? null : state.Next, null, null);
    }

    private StepResult RunChoice(AslState state, long t, SfnEvent? previous)
    {
        var entered = Entered(state, t + Tick(), previous);
        var exited = Exited(state, entered.TimeMs + _rng.NextInt(4), entered);
        return new StepResult(false, exited.TimeMs, exited, PickChoice(state), null, null);
    }

    private string PickChoice(AslState state)
    {
        var targets = new List<string>(state.ChoiceNexts);
        if (state.Default is not null)
        {
            targets.Add(state.Default);
        }
        var weights = _model.Spec.Choices.TryGetValue(state.Name, out var w) && w.Length == targets.Count ? w : null;
        var total = weights?.Sum() ?? targets.Count;
        var u = _rng.NextDouble() * total;
        for (var i = 0; i < targets.Count; i++)
        {
            u -= weights?[i] ?? 1.0;
            if (u < 0)
            {
                return targets[i];
            }
        }
        return targets[^1];
    }

    private StepResult RunWait(AslState state, long t, SfnEvent? previous)
    {
        var entered = Entered(state, t + Tick(), previous);
        var waitMs = state.Seconds is { } seconds
            ? seconds * 1000L
            : LatencySampler.SampleMs(_model.Spec.Waits.GetValueOrDefault(state.Name), ref _rng, 60_000, 300_000);
        var exited = Exited(state, entered.TimeMs + waitMs, entered);
        return new StepResult(false, exited.TimeMs, exited, state.Next, null, null);
    }

    private StepResult RunFail(AslState state, long t, SfnEvent? previous)
    {
        var entered = Entered(state, t + Tick(), previous);
        return new StepResult(true, entered.TimeMs, entered, null, state.Error ?? "States.Fail", state.Cause);
    }

    /// <summary>Drops the events made after <paramref name="cutMs"/> in [from, to) and returns the states left open.</summary>
    private List<SfnEvent> CutThread(int from, int to, long cutMs)
    {
        var open = new List<SfnEvent>();
        for (var i = from; i < to; i++)
        {
            var e = Events[i];
            if (e.Dropped)
            {
                continue;
            }
            if (e.TimeMs > cutMs)
            {
                e.Dropped = true;
                continue;
            }
            if (e.Type.EndsWith("StateEntered", StringComparison.Ordinal) && e.StateType is "Task" or "Wait" or "Map" or "Parallel")
            {
                open.Add(e);
            }
            else if (e.Type.EndsWith("StateExited", StringComparison.Ordinal) && open.Count > 0 && open[^1].Name == e.Name)
            {
                open.RemoveAt(open.Count - 1);
            }
        }
        return open;
    }

    /// <summary>Emits `&lt;Type&gt;StateAborted` for the open states of a cut thread, innermost first.</summary>
    private void AbortOpenStates(List<SfnEvent> open, long t, SfnEvent parent, bool tasksOnly)
    {
        for (var i = open.Count - 1; i >= 0; i--)
        {
            if (!tasksOnly || open[i].StateType == "Task")
            {
                Add(new SfnEvent { Type = open[i].StateType + "StateAborted", TimeMs = t, Parent = parent, Name = open[i].Name });
            }
        }
    }
}
