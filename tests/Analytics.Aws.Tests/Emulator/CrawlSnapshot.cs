using System.Text.Json;
using Analytics.Aws.Lambda.Model;
using Analytics.Aws.StepFunctions.Model;
using Analytics.Emulator.World;

namespace Analytics.Aws.Tests.Emulator;

/// <summary>
/// What a crawl saw, listing by listing (key = API + resource, value = item identities in the order received), so
/// a test compares a crawl over HTTP with the simulator's own ground truth and sees every missing, extra or
/// duplicated item.
/// </summary>
internal sealed class CrawlSnapshot
{
    public SortedDictionary<string, List<string>> Listings { get; } = new(StringComparer.Ordinal);

    public List<string> this[string key]
    {
        get
        {
            if (!Listings.TryGetValue(key, out var items))
            {
                Listings[key] = items = [];
            }

            return items;
        }
    }

    public int ItemCount => Listings.Values.Sum(l => l.Count);

    /// <summary>The executions and durable executions whose histories a crawl fetches (a few per listing).</summary>
    public static (List<string> Executions, List<(string Function, string Arn)> Durable) HistoryPicks(IWorld world)
    {
        var executions = new List<string>();
        foreach (var sm in world.StateMachines.Where(s => s.Type == "STANDARD"))
        {
            var list = world.ListExecutions(sm.StateMachineArn);
            for (var i = 0; i < Math.Min(3, list.Count); i++)
            {
                executions.Add(list[i].ExecutionArn);
            }

            for (var i = 0; i < list.Count; i++)
            {
                foreach (var run in world.ListMapRuns(list[i].ExecutionArn))
                {
                    var children = world.ListMapRunExecutions(run.MapRunArn);
                    for (var c = 0; c < Math.Min(2, children.Count); c++)
                    {
                        if (!children[c].IsExpress)
                        {
                            executions.Add(children[c].ExecutionArn);
                        }
                    }
                }
            }
        }

        var durable = new List<(string, string)>();
        foreach (var function in world.Functions.Where(f => f.DurableConfig is not null))
        {
            var list = world.ListDurableExecutions(function.FunctionName);
            for (var i = 0; i < Math.Min(3, list.Count); i++)
            {
                durable.Add((function.FunctionName, list[i].DurableExecutionArn));
            }
        }

        return (executions, durable);
    }

    /// <summary>The simulator's ground truth for the same listings, computed without the HTTP path.</summary>
    public static CrawlSnapshot Truth(SimulatedWorld world)
    {
        var truth = new CrawlSnapshot();
        truth["ListStateMachines"].AddRange(world.StateMachines.Select(s => s.StateMachineArn));
        foreach (var sm in world.StateMachines.Where(s => s.Type == "STANDARD"))
        {
            var list = world.ListExecutions(sm.StateMachineArn);
            var executions = truth["ListExecutions " + sm.StateMachineArn];
            for (var i = 0; i < list.Count; i++)
            {
                executions.Add(list[i].ExecutionArn);
                var runs = world.ListMapRuns(list[i].ExecutionArn);
                if (runs.Count == 0)
                {
                    continue;
                }

                truth["ListMapRuns " + list[i].ExecutionArn].AddRange(runs.Select(r => r.MapRunArn));
                foreach (var run in runs)
                {
                    var children = world.ListMapRunExecutions(run.MapRunArn);
                    var listed = truth["ListExecutions " + run.MapRunArn];
                    for (var c = 0; c < children.Count; c++)
                    {
                        listed.Add(children[c].ExecutionArn);
                    }
                }
            }
        }

        var (histories, durableHistories) = HistoryPicks(world);
        foreach (var arn in histories)
        {
            var count = world.GetExecutionHistory(arn)!.Count;
            truth["GetExecutionHistory " + arn].AddRange(Enumerable.Range(1, count).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        truth["ListFunctions"].AddRange(world.Functions.Select(f => f.FunctionArn));
        foreach (var function in world.Functions)
        {
            if (function.EventInvokeConfigs.Count > 0)
            {
                truth["ListFunctionEventInvokeConfigs " + function.FunctionName].AddRange(function.EventInvokeConfigs.Select(c => c.FunctionArn));
            }

            if (function.DurableConfig is not null)
            {
                var list = world.ListDurableExecutions(function.FunctionName);
                var listed = truth["ListDurableExecutionsByFunction " + function.FunctionName];
                for (var i = 0; i < list.Count; i++)
                {
                    listed.Add(list[i].DurableExecutionArn);
                }
            }
        }

        foreach (var (_, arn) in durableHistories)
        {
            var count = world.GetDurableExecutionHistory(arn)!.Count;
            truth["GetDurableExecutionHistory " + arn].AddRange(Enumerable.Range(1, count).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        foreach (var (arn, _) in StatePicks(world))
        {
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                var operations = world.GetDurableExecutionState(arn)!;
                writer.WriteStartObject();
                writer.WritePropertyName("Operations");
                writer.WriteStartArray();
                operations.WriteItems(writer, 0, operations.Count, reverseOrder: false, includeExecutionData: false);
                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            truth["GetDurableExecutionState " + arn].AddRange(ItemIds(buffer.ToArray(), "Operations", "Id"));
        }

        return truth;
    }

    /// <summary>
    /// Running durable executions with the checkpoint token the Lambda service would hand their current invocation
    /// (GetDurableExecutionState needs it).
    /// </summary>
    public static List<(string Arn, string Token)> StatePicks(SimulatedWorld world)
    {
        var picks = new List<(string, string)>();
        foreach (var function in world.Functions.Where(f => f.DurableConfig is not null))
        {
            var list = world.ListDurableExecutions(function.FunctionName);
            for (var i = 0; i < list.Count && picks.Count < 3; i++)
            {
                if (list[i].Status == "RUNNING" && world.CheckpointTokenFor(list[i].DurableExecutionArn) is { } token)
                {
                    picks.Add((list[i].DurableExecutionArn, token));
                }
            }
        }

        return picks;
    }

    /// <summary>Crawls every paginated read API through our clients at one page size.</summary>
    public static async Task<CrawlSnapshot> CrawlAsync(AwsClientFactory clients, SimulatedWorld world, int pageSize, CancellationToken ct = default)
    {
        var seen = new CrawlSnapshot();
        var sfn = clients.StepFunctions;
        var standard = new List<string>();
        await foreach (var sm in sfn.Paginators.StateMachines(new ListStateMachinesRequest(MaxResults: pageSize), ct))
        {
            seen["ListStateMachines"].Add(sm.StateMachineArn);
            if (sm.Type == "STANDARD")
            {
                standard.Add(sm.StateMachineArn);
            }
        }

        foreach (var arn in standard)
        {
            var executions = seen["ListExecutions " + arn];
            await foreach (var execution in sfn.Paginators.Executions(new ListExecutionsRequest(StateMachineArn: arn, MaxResults: pageSize), ct))
            {
                executions.Add(execution.ExecutionArn);
            }

            foreach (var executionArn in executions.ToList())
            {
                // Only executions that started a Map Run have any: the crawl asks where the truth says so, as the
                // exporter asks only when the history contains MapRunStarted.
                if (world.ListMapRuns(executionArn).Count == 0)
                {
                    continue;
                }

                await foreach (var run in sfn.Paginators.MapRuns(new ListMapRunsRequest(executionArn, MaxResults: pageSize), ct))
                {
                    seen["ListMapRuns " + executionArn].Add(run.MapRunArn);
                    var children = seen["ListExecutions " + run.MapRunArn];
                    await foreach (var child in sfn.Paginators.Executions(new ListExecutionsRequest(MapRunArn: run.MapRunArn, MaxResults: pageSize), ct))
                    {
                        children.Add(child.ExecutionArn);
                    }
                }
            }
        }

        var (histories, durableHistories) = HistoryPicks(world);
        foreach (var arn in histories)
        {
            var ids = seen["GetExecutionHistory " + arn];
            await foreach (var page in sfn.Paginators.GetExecutionHistory(new GetExecutionHistoryRequest(arn, MaxResults: pageSize), ct))
            {
                using (page)
                {
                    ids.AddRange(EventIds(page, "events", "id"));
                }
            }
        }

        var lambda = clients.Lambda;
        var functions = new List<FunctionConfiguration>();
        await foreach (var function in lambda.Paginators.Functions(new ListFunctionsRequest(MaxItems: Math.Min(pageSize, 50)), ct))
        {
            seen["ListFunctions"].Add(function.FunctionArn!);
            functions.Add(function);
        }

        foreach (var function in functions)
        {
            await foreach (var config in lambda.Paginators.FunctionEventInvokeConfigs(new ListFunctionEventInvokeConfigsRequest(function.FunctionName!, MaxItems: Math.Min(pageSize, 50)), ct))
            {
                seen["ListFunctionEventInvokeConfigs " + function.FunctionName].Add(config.FunctionArn!);
            }

            if (function.IsDurable)
            {
                var listed = seen["ListDurableExecutionsByFunction " + function.FunctionName];
                await foreach (var execution in lambda.Paginators.DurableExecutions(new ListDurableExecutionsByFunctionRequest(function.FunctionName!, MaxItems: pageSize), ct))
                {
                    listed.Add(execution.DurableExecutionArn);
                }
            }
        }

        foreach (var (_, arn) in durableHistories)
        {
            var ids = seen["GetDurableExecutionHistory " + arn];
            await foreach (var page in lambda.Paginators.GetDurableExecutionHistory(new GetDurableExecutionHistoryRequest(arn, MaxItems: pageSize), ct))
            {
                using (page)
                {
                    ids.AddRange(EventIds(page, "Events", "EventId"));
                }
            }
        }

        foreach (var (arn, token) in StatePicks(world))
        {
            var ids = seen["GetDurableExecutionState " + arn];
            await foreach (var page in lambda.Paginators.GetDurableExecutionState(new GetDurableExecutionStateRequest(arn, token, MaxItems: pageSize), ct))
            {
                using (page)
                {
                    ids.AddRange(ItemIds(page.Json, "Operations", "Id"));
                }
            }
        }

        return seen;
    }

    private static IEnumerable<string> EventIds(HistoryPage page, string arrayMember, string idMember)
    {
        using var document = JsonDocument.Parse(page.Json);
        return document.RootElement.GetProperty(arrayMember).EnumerateArray()
            .Select(e => e.GetProperty(idMember).GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture))
            .ToList();
    }

    private static List<string> ItemIds(ReadOnlyMemory<byte> json, string arrayMember, string idMember)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.GetProperty(arrayMember).EnumerateArray().Select(e => e.GetProperty(idMember).GetString()!).ToList();
    }
}
