using Analytics.Emulator.Simulation;
using Analytics.Emulator.Simulation.Durable;
using Analytics.Emulator.Simulation.Logs;
using Analytics.Emulator.Simulation.Sfn;

namespace Analytics.Emulator.World;

/// <summary>
/// The <see cref="IWorld"/> the simulator serves: state machines, functions and durable functions of a world file,
/// with every execution regenerated on demand from (seed, resource, index). Nothing is held per execution except a
/// few recently used timelines. Split by concern: Step Functions and Lambda members live in partial files.
/// </summary>
public sealed partial class SimulatedWorld : IWorld
{
    private readonly StateMachineModel[] _models;
    private readonly Dictionary<string, StateMachineModel> _modelsByName;
    private readonly long[] _visibleCounts;
    private readonly BoundedCache<(int, long), ExecutionTimeline> _timelines = new(4_096);
    private readonly BoundedCache<(int, long, int, int), ExecutionTimeline> _childTimelines = new(4_096);

    private readonly Lazy<int[]>[] _listingOrders;

    internal SimulatedWorld(WorldFile file, long seed, DateTimeOffset now, StateMachineModel[] models, DurableModels durable,
        ExecutionListOrder listOrder)
    {
        File = file;
        Seed = seed;
        Now = now;
        NowMs = now.ToUnixTimeMilliseconds();
        Context = new SimulationContext(seed, file.Region, file.AccountId);
        _models = models;
        _modelsByName = models.ToDictionary(m => m.Name, StringComparer.Ordinal);
        _visibleCounts = [.. models.Select(m => m.IsExpress ? 0 : m.Schedule.CountStartedBy(NowMs))];
        ListOrder = listOrder;
        _listingOrders = CreateListingOrders();
        StateMachines = [.. models.Select(StateMachineRecordOf)];
        _durable = durable;
        Functions = BuildFunctions();
        _logGroups = new Lazy<LogGroup[]>(CreateLogGroups);
    }

    public string Region => File.Region;

    public string AccountId => File.AccountId;

    public DateTimeOffset Now { get; }

    public long Seed { get; }

    internal long NowMs { get; }

    internal WorldFile File { get; }

    internal SimulationContext Context { get; }

    internal IReadOnlyList<StateMachineModel> Models => _models;

    /// <summary>How many executions of a top-level state machine have started by <see cref="Now"/>.</summary>
    internal long VisibleCount(StateMachineModel model) => _visibleCounts[model.Ordinal];

    internal ExecutionTimeline Timeline(StateMachineModel model, long index) =>
        _timelines.GetOrAdd((model.Ordinal, index), key => SfnSimulator.Simulate(_models[key.Item1], Context, key.Item2));
}
