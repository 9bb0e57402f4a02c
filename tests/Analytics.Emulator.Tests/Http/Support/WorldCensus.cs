using System.Text.Json.Nodes;
using Analytics.Emulator.World;

namespace Analytics.Emulator.Tests.Http.Support;

/// <summary>
/// What a complete crawl of a world must find, computed straight from <see cref="IWorld"/> in the same JSON layout
/// tests/js-sdk/crawl.mjs prints (errors and timestamp checks aside).
/// </summary>
internal static class WorldCensus
{
    public static JsonObject Of(IWorld world)
    {
        var byMachine = new JsonObject();
        var childrenByRun = new JsonObject();
        long described = 0, histories = 0, events = 0, mapRuns = 0, express = 0;
        foreach (var machine in world.StateMachines)
        {
            if (machine.Type == "EXPRESS")
            {
                express++;
                continue;
            }
            var statuses = new JsonObject();
            var executions = world.ListExecutions(machine.StateMachineArn);
            for (var i = 0; i < executions.Count; i++)
            {
                var execution = executions[i];
                Increment(statuses, execution.Status);
                described++;
                histories++;
                events += world.GetExecutionHistory(execution.ExecutionArn)!.Count;
                foreach (var run in world.ListMapRuns(execution.ExecutionArn))
                {
                    mapRuns++;
                    var childStatuses = new JsonObject();
                    var children = world.ListMapRunExecutions(run.MapRunArn);
                    for (var c = 0; c < children.Count; c++)
                    {
                        Increment(childStatuses, children[c].Status);
                        described++;
                        if (world.GetExecutionHistory(children[c].ExecutionArn) is { } history)
                        {
                            histories++;
                            events += history.Count;
                        }
                    }
                    childrenByRun[run.MapRunArn] = childStatuses;
                }
            }
            byMachine[machine.StateMachineArn] = statuses;
        }

        var durableByFunction = new JsonObject();
        long durableFunctions = 0, durableHistories = 0, durableEvents = 0, configs = 0;
        foreach (var function in world.Functions)
        {
            configs += function.EventInvokeConfigs.Count;
            if (function.DurableConfig is null)
            {
                continue;
            }
            durableFunctions++;
            var statuses = new JsonObject();
            var executions = world.ListDurableExecutions(function.FunctionName);
            for (var i = 0; i < executions.Count; i++)
            {
                Increment(statuses, executions[i].Status);
                durableHistories++;
                durableEvents += world.GetDurableExecutionHistory(executions[i].DurableExecutionArn)!.Count;
            }
            durableByFunction[function.FunctionName] = statuses;
        }

        return new JsonObject
        {
            ["stateMachines"] = world.StateMachines.Count,
            ["expressStateMachines"] = express,
            ["executionsByStateMachine"] = byMachine,
            ["describedExecutions"] = described,
            ["histories"] = histories,
            ["historyEvents"] = events,
            ["mapRuns"] = mapRuns,
            ["mapRunChildrenByMapRun"] = childrenByRun,
            ["functions"] = world.Functions.Count,
            ["durableFunctions"] = durableFunctions,
            ["eventInvokeConfigs"] = configs,
            ["durableExecutionsByFunction"] = durableByFunction,
            ["durableHistories"] = durableHistories,
            ["durableEvents"] = durableEvents,
            ["logGroups"] = world.Logs.Groups.Count,
            ["logEventsByGroup"] = LogEventsByGroup(world),
        };
    }

    /// <summary>Every group's events delivered by the world's clock (what FilterLogEvents pages to the end).</summary>
    private static JsonObject LogEventsByGroup(IWorld world)
    {
        var counts = new JsonObject();
        foreach (var group in world.Logs.Groups)
        {
            long events = 0;
            for (var hour = group.FirstHourMs; hour <= world.Now.ToUnixTimeMilliseconds(); hour += global::Analytics.Emulator.Simulation.Logs.LogGroup.HourMs)
            {
                events += group.EventsInHour(hour).Count;
            }
            counts[group.Name] = events;
        }
        return counts;
    }

    private static void Increment(JsonObject counts, string status) =>
        counts[status] = (counts[status]?.GetValue<long>() ?? 0) + 1;
}
