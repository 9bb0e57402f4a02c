using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Analytics.Emulator.Simulation.Durable;
using Analytics.Emulator.Simulation.Sfn;
using Analytics.Emulator.World;

namespace Analytics.Emulator.Simulation.Truth;

/// <summary>
/// Exact aggregates of a world at its clock, computed from the simulator (no HTTP): what an export plus the named
/// queries must reproduce. The definitions (which executions count, how percentiles are taken) are in
/// sample-data/README.md and in <see cref="WorldTruthReport.Definitions"/>.
/// </summary>
public static class WorldTruth
{
    public const string DefinitionsText =
        "Executions: every execution started at or before now (top level: ListExecutions of each STANDARD state machine, "
        + "and the executions of each EXPRESS state machine logging at level ALL whose every event was delivered to its log group by now; "
        + "children: every child of every Map Run started by now, keyed '<state machine>/<map label>'), status as at now. "
        + "failureRate = (FAILED+TIMED_OUT+ABORTED)/closed (null when none closed). byDay: UTC date of start. "
        + "durationMs: stop-start of closed executions. stateDurationMs: *StateExited minus its *StateEntered (reached by "
        + "following previousEventId) in closed executions with a history (an EXPRESS Map Run child has one when its closed "
        + "parent logs at ALL and every event of it was delivered to the parent's log group by now). taskAttempts: per TaskStateEntered of a closed "
        + "execution, the number of *Scheduled events under it (visits with none are left out). taskResourceRunMs: "
        + "*Started to its Succeeded/Failed/TimedOut per '<resourceType>:<resource>' (or the ARN for Lambda ARNs and "
        + "activities). Durable: same rules (RUNNING, PAUSING and PAUSED are open); stepAttempts counts StepStarted per "
        + "operation Id in closed executions (an operation's last attempt ordinal, durable_events.attempt). "
        + "Percentiles: nearest rank (DuckDB quantile_disc): sorted x[0..n-1], p -> x[max(0, ceil(p*n)-1)]. "
        + "taskInvocationsByDay: the *Scheduled events of taskAttempts by UTC date of the execution's start. "
        + "asyncInvokeConfigs: per '<function>:<qualifier>' (unqualified = $LATEST, an alias is its own qualifier), the "
        + "configuration and, by start date, the invocations of exactly that qualifier in closed executions: async = Task "
        + "attempts of arn:aws:states:::lambda:invoke with Parameters.InvocationType Event, plus closed durable executions "
        + "(qualifier = their version); sync = Task attempts of a Lambda ARN resource or lambda:invoke RequestResponse. "
        + "Unconfigured qualifiers appear only when invoked asynchronously. openExecutions: executions in no terminal status "
        + "at now: top-level ones per state machine, Map Run children of closed parents per '<state machine>/<map label>' "
        + "(children of open parents are not listed before their parent closes), durable ones per function; oldestStart. "
        + "weeks: per ISO week of start, top-level executions of every state machine pooled (EXPRESS ones as above) (Map Run children "
        + "left out): executions, closed, failed (FAILED+TIMED_OUT+ABORTED), failureRate, durationMs of the closed ones.";

    internal static readonly JsonSerializerOptions s_json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DictionaryKeyPolicy = null,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static void WriteJson(WorldTruthReport report, Stream stream)
    {
        JsonSerializer.Serialize(stream, report, s_json);
        stream.WriteByte((byte)'\n');
    }

    /// <param name="withDefinitions">False for the units of a multi-account report, which states them once.</param>
    public static WorldTruthReport Compute(SimulatedWorld world, CancellationToken cancellationToken, bool withDefinitions = true)
    {
        var report = new WorldTruthReport
        {
            Region = world.Region,
            AccountId = world.AccountId,
            Now = world.Now,
            Seed = world.Seed,
            Definitions = withDefinitions ? DefinitionsText : null,
        };
        var runMs = new Dictionary<string, List<long>>(StringComparer.Ordinal);
        var weeks = new WeeklyAccumulator();
        foreach (var model in world.Models.Where(m => !m.IsExpress))
        {
            var top = new Accumulator("top", "STANDARD");
            var children = new Dictionary<string, Accumulator>(StringComparer.Ordinal);
            var count = world.VisibleCount(model);
            for (long i = 0; i < count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var timeline = world.Timeline(model, i);
                var record = world.TopLevelRecord(model, i);
                top.Add(record, timeline.Events, world.NowMs, runMs, report.EventCounts);
                weeks.Add(record);
                var parentOpen = AsyncInvokeTruthBuilder.IsOpen(record.Status);
                if (parentOpen)
                {
                    Open(report, model.Name, "stepfunctions").Add(record.Status, record.StartDate);
                }
                foreach (var run in timeline.MapRuns.Where(r => r.StartMs <= world.NowMs))
                {
                    var key = $"{model.Name}/{run.Label}";
                    var map = model.DistributedMaps.First(m => StateMachineModel.LabelOf(m) == run.Label);
                    var acc = children.TryGetValue(key, out var a) ? a : children[key] = new Accumulator("child", run.ChildExecutionType);
                    var mapRecord = ExecutionViews.MapRun(run, "", "", model.Arn, world.NowMs);
                    var mapTruth = report.MapRuns.TryGetValue(key, out var m) ? m : report.MapRuns[key] = new MapRunTruth();
                    mapTruth.Runs++;
                    Increment(mapTruth.ByStatus, mapRecord.Status);
                    mapTruth.Items += run.ItemCount;
                    foreach (var child in run.Children.Where(c => c.StartMs <= world.NowMs))
                    {
                        var childRecord = world.ChildRecord(model, map, run, child, i);
                        mapTruth.ChildExecutions++;
                        Increment(mapTruth.ChildExecutionsByStatus, childRecord.Status);
                        if (!parentOpen && AsyncInvokeTruthBuilder.IsOpen(childRecord.Status))
                        {
                            Open(report, key, "stepfunctions").Add(childRecord.Status, childRecord.StartDate);
                        }
                        if (run.ChildExecutionType != "EXPRESS")
                        {
                            acc.Add(childRecord, world.ChildTimeline(model, map, i, run, child).Events, world.NowMs, runMs, report.EventCounts);
                        }
                        else
                        {
                            // An EXPRESS child's events exist only in its parent's log group: those of a closed parent
                            // (exported) logging at ALL, once delivered whole (eventCounts are GetExecutionHistory's).
                            var logged = !parentOpen && model.Spec.Logging?.Level == "ALL" && world.FullyDelivered(model, map, i, run, child);
                            acc.Add(childRecord, logged ? world.ChildTimeline(model, map, i, run, child).Events : null, world.NowMs, runMs, new EventCountTruth());
                        }
                    }
                }
            }
            report.Executions[model.Name] = top.Finish();
            foreach (var (key, acc) in children)
            {
                report.Executions[key] = acc.Finish();
            }
        }
        foreach (var model in world.Models.Where(m => m.IsExpress && m.Spec.Logging?.Level == "ALL"))
        {
            // Top-level EXPRESS executions exist only in their log group: those delivered whole by now.
            var top = new Accumulator("top", "EXPRESS");
            var expressEvents = new EventCountTruth();
            var count = model.Schedule.CountStartedBy(world.NowMs);
            for (long i = 0; i < count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (world.FullyDelivered(model, i))
                {
                    // eventCounts are GetExecutionHistory's: these events are counted apart.
                    var record = world.TopLevelRecord(model, i);
                    top.Add(record, world.Timeline(model, i).Events, world.NowMs, runMs, expressEvents);
                    weeks.Add(record);
                }
            }
            report.Executions[model.Name] = top.Finish();
        }
        weeks.Finish(report);
        foreach (var (resource, values) in runMs)
        {
            report.TaskResourceRunMs[resource] = Percentiles.Summarize(values);
        }
        foreach (var model in world.DurableFunctions)
        {
            report.DurableFunctions[model.Name] = DurableTruth(world, model, report, cancellationToken);
        }
        AsyncInvokeTruthBuilder.Add(report, world);
        return report;
    }

    private static OpenExecutionsTruth Open(WorldTruthReport report, string key, string kind) =>
        report.OpenExecutions.TryGetValue(key, out var open) ? open : report.OpenExecutions[key] = new OpenExecutionsTruth { Kind = kind };

    private static DurableFunctionTruth DurableTruth(SimulatedWorld world, DurableFunctionModel model, WorldTruthReport report, CancellationToken cancellationToken)
    {
        var counts = report.EventCounts;
        var truth = new DurableFunctionTruth();
        var durations = new List<long>();
        var count = model.Schedule.CountStartedBy(world.NowMs);
        long failed = 0;
        for (long i = 0; i < count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var record = world.DurableRecord(model, i);
            var timeline = world.DurableTimelineOf(model, i);
            truth.Total++;
            Increment(truth.ByStatus, record.Status);
            Increment(ByDay(truth.ByDay, record.StartTimestamp), record.Status);
            var visible = DurableHistorySource.VisibleCount(timeline.Events, world.NowMs);
            var closed = !DurableStatus.IsOpen(record.Status);
            if (!closed)
            {
                Open(report, model.Name, "durable").Add(record.Status, record.StartTimestamp);
            }
            for (var e = 0; e < visible; e++)
            {
                Increment(counts.Durable, timeline.Events[e].EventType);
                if (closed)
                {
                    Increment(counts.DurableClosedOnly, timeline.Events[e].EventType);
                }
            }
            if (!closed)
            {
                continue;
            }
            truth.Closed++;
            failed += record.Status == "SUCCEEDED" ? 0 : 1;
            durations.Add((record.EndTimestamp!.Value - record.StartTimestamp).Ticks / TimeSpan.TicksPerMillisecond);
            var attempts = new Dictionary<string, (string Name, int Attempts)>(StringComparer.Ordinal);
            foreach (var e in timeline.Events)
            {
                if (e.EventType == "StepStarted" && e.Id is not null)
                {
                    var current = attempts.GetValueOrDefault(e.Id, (e.Name ?? "(unnamed)", 0));
                    attempts[e.Id] = (current.Item1, current.Item2 + 1);
                }
            }
            foreach (var (name, n) in attempts.Values)
            {
                var histogram = truth.StepAttempts.TryGetValue(name, out var h) ? h : truth.StepAttempts[name] = [];
                histogram[n] = histogram.GetValueOrDefault(n) + 1;
            }
        }
        truth.FailureRate = truth.Closed == 0 ? null : (double)failed / truth.Closed;
        truth.DurationMs = Percentiles.Summarize(durations);
        return truth;
    }

    internal static void Increment(SortedDictionary<string, long> counts, string key) => counts[key] = counts.GetValueOrDefault(key) + 1;

    internal static string Day(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    internal static SortedDictionary<string, long> ByDay(SortedDictionary<string, SortedDictionary<string, long>> byDay, DateTimeOffset start)
    {
        var day = Day(start);
        return byDay.TryGetValue(day, out var counts) ? counts : byDay[day] = new SortedDictionary<string, long>(StringComparer.Ordinal);
    }
}
