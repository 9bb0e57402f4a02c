using Analytics.Emulator.Simulation;
using Analytics.Emulator.Simulation.Asl;
using Analytics.Emulator.Simulation.Logs;
using Analytics.Emulator.Simulation.Sfn;

namespace Analytics.Emulator.World;

public sealed partial class SimulatedWorld : ILogs
{
    private readonly Lazy<LogGroup[]> _logGroups;

    public ILogs Logs => this;

    IReadOnlyList<LogGroup> ILogs.Groups => _logGroups.Value;

    LogGroup? ILogs.Find(string logGroupName) => _logGroups.Value.FirstOrDefault(g => g.Name == logGroupName);

    LoggingRecord? ILogs.LoggingOf(string stateMachineArn) =>
        _models.FirstOrDefault(m => m.Arn == stateMachineArn) is { Spec.Logging: { } logging } model
            ? new LoggingRecord(logging.Level, logging.IncludeExecutionData, _logGroups.Value.First(g => g.Name == LogGroupNameOf(model)).Arn)
            : null;

    /// <summary>
    /// Whether every event of a top-level EXPRESS execution has been delivered to its log group by now (false when
    /// the machine does not log): what a crawl at now can see whole.
    /// </summary>
    internal bool FullyDelivered(StateMachineModel model, long index) =>
        FullyDelivered(model, ArnCodec.ExpressArn(model, Context, index), () => Timeline(model, index));

    /// <summary>The same for an EXPRESS Map Run child of a top-level execution (it logs to the parent's group).</summary>
    internal bool FullyDelivered(StateMachineModel model, AslState map, long parentIndex, MapRunTimeline run, ChildRun child) =>
        FullyDelivered(model, ArnCodec.ChildArn(model, Context, run.Label, run.ChildExecutionType, parentIndex, run.Ordinal, child.Index),
            () => ChildTimeline(model, map, parentIndex, run, child));

    private bool FullyDelivered(StateMachineModel model, string arn, Func<ExecutionTimeline> timeline)
    {
        if (model.Spec.Logging is not { } logging)
        {
            return false;
        }
        var logged = new LoggedExecution(arn, timeline(), new LogSource(model, logging), Seed, SimRandom.HashString(LogGroupNameOf(model)));
        return logged.Ingestion.All(t => t <= NowMs);
    }

    private static string LogGroupNameOf(StateMachineModel model) =>
        model.Spec.Logging?.LogGroup ?? $"/aws/vendedlogs/states/{model.Name}-Logs";

    /// <summary>One group per distinct name; state machines that name the same group share it.</summary>
    private LogGroup[] CreateLogGroups() =>
    [
        .. _models.Where(m => m.Spec.Logging is not null)
            .GroupBy(LogGroupNameOf, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new LogGroup(g.Key, Region, AccountId, StateMachines[g.First().Ordinal].CreationDate,
                [.. g.Select(m => new LogSource(m, m.Spec.Logging!))], LoggedExecutionsOf, NowMs)),
    ];

    /// <summary>
    /// The EXPRESS executions whose top-level execution started in the hour at <paramref name="hourMs"/>: the machine's
    /// own executions when it is EXPRESS, and the EXPRESS children of its Distributed Maps (they log to the parent's group).
    /// </summary>
    private IEnumerable<LoggedExecution> LoggedExecutionsOf(LogSource source, long hourMs)
    {
        var model = source.Model;
        var groupKey = SimRandom.HashString(LogGroupNameOf(model));
        var from = model.Schedule.CountStartedBy(hourMs - 1);
        var to = model.Schedule.CountStartedBy(hourMs + LogGroup.HourMs - 1);
        for (var index = from; index < to; index++)
        {
            var timeline = Timeline(model, index);
            if (model.IsExpress)
            {
                yield return new LoggedExecution(ArnCodec.ExpressArn(model, Context, index), timeline, source, Seed, groupKey);
            }
            foreach (var run in timeline.MapRuns)
            {
                if (run.ChildExecutionType != "EXPRESS" || FindMap(model, run.Label) is not { } map)
                {
                    continue;
                }
                foreach (var child in run.Children)
                {
                    var arn = ArnCodec.ChildArn(model, Context, run.Label, run.ChildExecutionType, index, run.Ordinal, child.Index);
                    yield return new LoggedExecution(arn, ChildTimeline(model, map, index, run, child), source, Seed, groupKey);
                }
            }
        }
    }
}
