using Analytics.Emulator.Simulation;
using Analytics.Emulator.Simulation.Asl;
using Analytics.Emulator.Simulation.Sfn;

namespace Analytics.Emulator.World;

public sealed partial class SimulatedWorld
{
    public IReadOnlyList<StateMachineRecord> StateMachines { get; }

    private StateMachineRecord StateMachineRecordOf(StateMachineModel m) => new(
        m.Arn, m.Name, m.Spec.Type, m.Spec.CreationDate ?? DateTimeOffset.FromUnixTimeMilliseconds(m.Schedule.FirstDayMs).AddDays(-30).AddHours(9 + m.Ordinal),
        m.DefinitionJson, m.RoleArn, "ACTIVE", m.Spec.Description, Label: null);

    public StateMachineRecord? FindStateMachine(string stateMachineArn)
    {
        var slash = stateMachineArn.IndexOf('/', StringComparison.Ordinal);
        var baseArn = slash < 0 ? stateMachineArn : stateMachineArn[..slash];
        var model = _models.FirstOrDefault(m => m.Arn == baseArn);
        if (model is null)
        {
            return null;
        }
        if (slash < 0)
        {
            return StateMachines[model.Ordinal];
        }
        var map = FindMap(model, stateMachineArn[(slash + 1)..]);
        return map is null ? null : new StateMachineRecord(stateMachineArn, model.Name, map.ChildExecutionType,
            StateMachines[model.Ordinal].CreationDate, model.DefinitionJson, model.RoleArn, "ACTIVE", model.Spec.Description, StateMachineModel.LabelOf(map));
    }

    public IPagedList<ExecutionRecord> ListExecutions(string stateMachineArn)
    {
        var model = _models.FirstOrDefault(m => m.Arn == stateMachineArn);
        if (model is null || model.IsExpress)
        {
            return LazyList<ExecutionRecord>.Empty;
        }
        var count = (int)VisibleCount(model);
        if (ListOrder == ExecutionListOrder.ByStart)
        {
            return new LazyList<ExecutionRecord>(count, k => TopLevelRecord(model, count - 1 - k));
        }
        var order = ListingOrder(model);
        return new LazyList<ExecutionRecord>(count, k => TopLevelRecord(model, order[k]));
    }

    public ExecutionRecord? FindExecution(string executionArn)
    {
        var arn = ArnCodec.Parse(executionArn, Context);
        if (arn is null || arn.Kind == "mapRun" || !_modelsByName.TryGetValue(arn.StateMachine, out var model))
        {
            return null;
        }
        if (arn.Label is null)
        {
            return arn.Kind == "execution" && IsVisibleTopLevel(model, arn) ? TopLevelRecord(model, arn.Index) : null;
        }
        return FindChild(model, arn, executionArn) is { } child ? ChildRecord(model, child.Map, child.Run, child.Child, arn.Index) : null;
    }

    public IHistorySource? GetExecutionHistory(string executionArn)
    {
        var arn = ArnCodec.Parse(executionArn, Context);
        if (arn is null || arn.Kind != "execution" || !_modelsByName.TryGetValue(arn.StateMachine, out var model))
        {
            return null;
        }
        ExecutionTimeline timeline;
        if (arn.Label is null)
        {
            if (!IsVisibleTopLevel(model, arn))
            {
                return null;
            }
            timeline = Timeline(model, arn.Index);
        }
        else
        {
            if (FindChild(model, arn, executionArn) is not { } child || child.Run.ChildExecutionType == "EXPRESS")
            {
                return null;
            }
            timeline = ChildTimeline(model, child.Map, arn.Index, child.Run, child.Child);
        }
        return new SfnHistorySource(timeline.Events, SfnHistorySource.VisibleCount(timeline.Events, NowMs));
    }

    public IReadOnlyList<MapRunRecord> ListMapRuns(string executionArn)
    {
        var arn = ArnCodec.Parse(executionArn, Context);
        if (arn is null || arn.Kind != "execution" || arn.Label is not null || !_modelsByName.TryGetValue(arn.StateMachine, out var model)
            || !IsVisibleTopLevel(model, arn))
        {
            return [];
        }
        return [.. Timeline(model, arn.Index).MapRuns.Where(r => r.StartMs <= NowMs).Select(r => MapRunRecordOf(model, arn.Index, r))];
    }

    public MapRunRecord? FindMapRun(string mapRunArn)
    {
        var found = FindMapRunTimeline(mapRunArn);
        return found is null ? null : MapRunRecordOf(found.Value.Model, found.Value.ParentIndex, found.Value.Run);
    }

    public IPagedList<ExecutionRecord> ListMapRunExecutions(string mapRunArn)
    {
        if (FindMapRunTimeline(mapRunArn) is not { } found)
        {
            return LazyList<ExecutionRecord>.Empty;
        }
        var (model, parentIndex, run) = found;
        var map = FindMap(model, run.Label)!;
        var now = NowMs;
        var visible = run.Children.Where(c => c.StartMs <= now)
            .OrderByDescending(c => ListOrder == ExecutionListOrder.Aws ? ListingKey(c, now) : c.StartMs).ThenByDescending(c => c.Index).ToArray();
        return new LazyList<ExecutionRecord>(visible.Length, k => ChildRecord(model, map, run, visible[k], parentIndex));
    }

    internal ExecutionRecord TopLevelRecord(StateMachineModel model, long index) =>
        ExecutionViews.TopLevel(Timeline(model, index), ArnCodec.ExecutionArn(model, Context, index), model.Arn, ArnCodec.ExecutionName(model, Context, index), NowMs);

    internal ExecutionRecord ChildRecord(StateMachineModel model, AslState map, MapRunTimeline run, ChildRun child, long parentIndex)
    {
        // EXPRESS children have no history to serve, but their record still carries the error, cause and output.
        var express = run.ChildExecutionType == "EXPRESS";
        var history = ChildTimeline(model, map, parentIndex, run, child);
        return ExecutionViews.Child(child, history, ArnCodec.ChildArn(model, Context, run.Label, run.ChildExecutionType, parentIndex, run.Ordinal, child.Index),
            model.ChildArn(map), ArnCodec.ChildName(model, Context, parentIndex, run.Ordinal, child.Index),
            ArnCodec.MapRunArn(model, Context, run.Label, parentIndex, run.Ordinal), express, NowMs);
    }

    internal ExecutionTimeline ChildTimeline(StateMachineModel model, AslState map, long parentIndex, MapRunTimeline run, ChildRun child) =>
        _childTimelines.GetOrAdd((model.Ordinal, parentIndex, run.Ordinal, child.Index),
            _ => SfnSimulator.SimulateChild(model, Context, map, parentIndex, run.Ordinal, child.Index, child.StartMs, child.AbortedAtMs));

    private MapRunRecord MapRunRecordOf(StateMachineModel model, long parentIndex, MapRunTimeline run) =>
        ExecutionViews.MapRun(run, ArnCodec.MapRunArn(model, Context, run.Label, parentIndex, run.Ordinal),
            ArnCodec.ExecutionArn(model, Context, parentIndex), model.Arn, NowMs);

    private bool IsVisibleTopLevel(StateMachineModel model, ParsedArn arn) =>
        !model.IsExpress && arn.Index < VisibleCount(model) && arn.Name == ArnCodec.ExecutionName(model, Context, arn.Index);

    internal static AslState? FindMap(StateMachineModel model, string label) =>
        model.DistributedMaps.FirstOrDefault(m => StateMachineModel.LabelOf(m) == label);

    private (StateMachineModel Model, long ParentIndex, MapRunTimeline Run)? FindMapRunTimeline(string mapRunArn)
    {
        var arn = ArnCodec.Parse(mapRunArn, Context);
        if (arn is null || arn.Kind != "mapRun" || arn.Label is null || !_modelsByName.TryGetValue(arn.StateMachine, out var model)
            || model.IsExpress || arn.Index >= VisibleCount(model))
        {
            return null;
        }
        var runs = Timeline(model, arn.Index).MapRuns;
        var run = runs.FirstOrDefault(r => r.Ordinal == arn.Ordinal);
        if (run is null || run.Label != arn.Label || run.StartMs > NowMs
            || ArnCodec.MapRunArn(model, Context, run.Label, arn.Index, run.Ordinal) != mapRunArn)
        {
            return null;
        }
        return (model, arn.Index, run);
    }

    private (AslState Map, MapRunTimeline Run, ChildRun Child)? FindChild(StateMachineModel model, ParsedArn arn, string executionArn)
    {
        if (model.IsExpress || arn.Index >= VisibleCount(model) || FindMap(model, arn.Label!) is not { } map)
        {
            return null;
        }
        var run = Timeline(model, arn.Index).MapRuns.FirstOrDefault(r => r.Ordinal == arn.Ordinal);
        if (run is null || run.Label != arn.Label || run.StartMs > NowMs)
        {
            return null;
        }
        var position = Array.FindIndex(run.Children, c => c.Index == arn.Child);
        if (position < 0 || run.Children[position].StartMs > NowMs)
        {
            return null;
        }
        var child = run.Children[position];
        var expected = ArnCodec.ChildArn(model, Context, run.Label, run.ChildExecutionType, arn.Index, run.Ordinal, child.Index);
        return expected == executionArn ? (map, run, child) : null;
    }
}
