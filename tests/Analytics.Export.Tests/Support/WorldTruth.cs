using Analytics.Aws.Lambda.Model;
using Analytics.Emulator.World;

namespace Analytics.Export.Tests.Support;

/// <summary>What the dataset must hold for a world, read through the simulator's own API (no HTTP).</summary>
internal sealed class WorldTruth
{
    public List<string> TopLevel { get; } = [];

    public Dictionary<string, int> TopLevelRedrives { get; } = new(StringComparer.Ordinal);

    public List<string> Children { get; } = [];

    public long Events { get; private set; }

    public long MapRuns { get; private set; }

    public long FunctionRows { get; private set; }

    public List<string> Durable { get; } = [];

    public long DurableEvents { get; private set; }

    public long Running { get; private set; }

    /// <summary>`arn status` of every open execution an export can know of: top-level, Map Run children of closed
    /// parents, durable.</summary>
    public List<string> Open { get; } = [];

    public static WorldTruth Of(IWorld world)
    {
        var truth = new WorldTruth();
        var expressChildren = new HashSet<string>(StringComparer.Ordinal);
        foreach (var machine in world.StateMachines.Where(m => m.Type == "STANDARD"))
        {
            var executions = world.ListExecutions(machine.StateMachineArn);
            for (var i = 0; i < executions.Count; i++)
            {
                var e = executions[i];
                if (e.Status is "RUNNING" or "PENDING_REDRIVE")
                {
                    truth.Running++;
                    truth.Open.Add($"{e.ExecutionArn} {e.Status}");
                    continue;
                }
                truth.TopLevel.Add($"{e.ExecutionArn} {e.Status}");
                truth.TopLevelRedrives[e.ExecutionArn] = e.RedriveCount;
                truth.Events += world.GetExecutionHistory(e.ExecutionArn)!.Count;
                foreach (var run in world.ListMapRuns(e.ExecutionArn))
                {
                    truth.MapRuns++;
                    var children = world.ListMapRunExecutions(run.MapRunArn);
                    for (var c = 0; c < children.Count; c++)
                    {
                        var child = children[c];
                        truth.Children.Add($"{child.ExecutionArn} {child.Status}");
                        if (child.Status is "RUNNING" or "PENDING_REDRIVE")
                        {
                            truth.Open.Add($"{child.ExecutionArn} {child.Status}");
                        }
                        if (!child.IsExpress && child.Status != "RUNNING")
                        {
                            truth.Events += world.GetExecutionHistory(child.ExecutionArn)!.Count;
                        }
                        else if (child.IsExpress && world.Logs.LoggingOf(machine.StateMachineArn)?.Level == "ALL")
                        {
                            expressChildren.Add(child.ExecutionArn);
                        }
                    }
                }
            }
        }
        AddLoggedExpress(world, truth, expressChildren);
        foreach (var function in world.Functions)
        {
            truth.FunctionRows += Math.Max(1, function.EventInvokeConfigs.Count);
            if (function.DurableConfig is null)
            {
                continue;
            }
            var durable = world.ListDurableExecutions(function.FunctionName);
            for (var i = 0; i < durable.Count; i++)
            {
                if (!new DurableExecutionStatus(durable[i].Status).IsClosed)
                {
                    truth.Running++;
                    truth.Open.Add($"{durable[i].DurableExecutionArn} {durable[i].Status}");
                }
                else
                {
                    truth.Durable.Add($"{durable[i].DurableExecutionArn} {durable[i].Status}");
                    truth.DurableEvents += world.GetDurableExecutionHistory(durable[i].DurableExecutionArn)!.Count;
                }
            }
        }
        truth.TopLevel.Sort(StringComparer.Ordinal);
        truth.Children.Sort(StringComparer.Ordinal);
        truth.Durable.Sort(StringComparer.Ordinal);
        truth.Open.Sort(StringComparer.Ordinal);
        return truth;
    }

    /// <summary>
    /// Top-level EXPRESS executions of machines logging at ALL, read from their log groups as served now: those whose
    /// lines are all in (terminal event, ids 1..N); the rest wait for a later run. The events of the EXPRESS Map Run
    /// children of exported parents logging at ALL (in the parent's group) count when all are in, like theirs.
    /// </summary>
    private static void AddLoggedExpress(IWorld world, WorldTruth truth, HashSet<string> expressChildren)
    {
        var express = world.StateMachines.Where(m => m.Type == "EXPRESS" && world.Logs.LoggingOf(m.StateMachineArn)?.Level == "ALL")
            .Select(m => m.StateMachineArn.Replace(":stateMachine:", ":express:", StringComparison.Ordinal) + ":").ToList();
        var byExecution = new Dictionary<string, List<(int Id, string Type)>>(StringComparer.Ordinal);
        foreach (var group in world.Logs.Groups)
        {
            for (var hour = group.FirstHourMs; hour <= world.Now.ToUnixTimeMilliseconds(); hour += Analytics.Emulator.Simulation.Logs.LogGroup.HourMs)
            {
                foreach (var e in group.EventsInHour(hour).Where(e => expressChildren.Contains(e.ExecutionArn) || express.Any(p => e.ExecutionArn.StartsWith(p, StringComparison.Ordinal))))
                {
                    (byExecution.TryGetValue(e.ExecutionArn, out var list) ? list : byExecution[e.ExecutionArn] = []).Add((e.Id, e.Type));
                }
            }
        }
        foreach (var (arn, events) in byExecution)
        {
            var status = events.Select(e => e.Type switch
            {
                "ExecutionSucceeded" => "SUCCEEDED", "ExecutionFailed" => "FAILED", "ExecutionTimedOut" => "TIMED_OUT", "ExecutionAborted" => "ABORTED", _ => null,
            }).FirstOrDefault(s => s is not null);
            if (status is not null && events.Select(e => e.Id).Order().SequenceEqual(Enumerable.Range(1, events.Count)))
            {
                if (!expressChildren.Contains(arn))
                {
                    truth.TopLevel.Add($"{arn} {status}");
                }
                truth.Events += events.Count;
            }
        }
    }

    /// <summary>Asserts the dataset holds exactly this world's closed executions, children, events and the rest.</summary>
    /// <param name="ofUnit">For one unit of a world of several: SQL that is true when the ARN column it is given is the
    /// unit's (the dataset's other rows are left out).</param>
    public void AssertEquals(Dataset data, Func<string, string>? ofUnit = null)
    {
        ofUnit ??= _ => "true";
        Assert.Equal(TopLevel, data.Strings($"SELECT execution_arn || ' ' || status FROM {data.Table("executions")} WHERE parent_execution_arn IS NULL AND {ofUnit("execution_arn")} ORDER BY 1"));
        Assert.Equal(Children, Children.Count == 0 ? [] : data.Strings($"SELECT execution_arn || ' ' || status FROM {data.Table("executions")} WHERE parent_execution_arn IS NOT NULL AND {ofUnit("execution_arn")} ORDER BY 1"));
        Assert.Equal(Events, data.Count("events", ofUnit("execution_arn")));
        Assert.Equal(0, data.Scalar($"SELECT count(*) - count(DISTINCT (execution_arn, event_id)) FROM {data.Table("events")}"));
        Assert.Equal(MapRuns, data.Count("map_runs", ofUnit("map_run_arn")));
        Assert.Equal(FunctionRows, data.Count("functions", ofUnit("function_arn")));
        Assert.Equal(DurableEvents, data.Count("durable_events", ofUnit("durable_execution_arn")));
        Assert.Equal(Durable, Durable.Count == 0 ? [] : data.Strings($"SELECT durable_execution_arn || ' ' || status FROM {data.Table("durable_executions")} WHERE {ofUnit("durable_execution_arn")} ORDER BY 1"));
        // The newest run's open_executions snapshot: exactly the executions open now.
        Assert.Equal(Open, !data.Has("open_executions") ? [] : data.Strings(
            $"SELECT execution_arn || ' ' || status FROM {data.Table("open_executions")} "
            + $"WHERE export_run_id = (SELECT max_by(run_id, started_at) FROM {data.Table("export_runs")}) AND {ofUnit("execution_arn")} ORDER BY 1"));
    }
}
