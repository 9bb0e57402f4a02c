using System.Security.Cryptography;
using System.Text;
using System.Threading.Channels;
using Analytics.Aws;
using Analytics.Aws.Lambda.Model;
using Analytics.Aws.StepFunctions.Model;
using Analytics.Export.Targets;

namespace Analytics.Export.Crawl;

// The snapshot tables: state machines (ListStateMachines + DescribeStateMachine) and functions with their
// async-invoke configuration per qualifier (ListFunctions + ListFunctionEventInvokeConfigs).
public sealed partial class ExportJob
{
    // A call that still fails after its retries costs only its own resource this run: it is logged and counted (the run
    // exits 1), the rest is exported, and the next run tries it again (no watermark of it moved).
    // Returns the unit's listed state machines and the log groups of its EXPRESS ones (read by CrawlLogsAsync).
    private async Task<(List<StateMachineListItem> Listed, List<LogTarget> LogTargets)> SnapshotStateMachinesAsync(ExportUnit unit, AwsClientFactory clients, ChunkWriter writer, ChannelWriter<WriterMessage> rows, CancellationToken ct)
    {
        var owned = new List<StateMachineListItem>();
        try
        {
            await foreach (var item in RestartingAsync(
                () => clients.StepFunctions.Paginators.StateMachines(new ListStateMachinesRequest(MaxResults: _options.PageSize), ct), i => i.StateMachineArn, "ListStateMachines", "-", ct).ConfigureAwait(false))
            {
                if (unit.Owns(item.StateMachineArn) && _stateMachines.Matches(item.Name))
                {
                    unit.Saw(item.StateMachineArn);
                    owned.Add(item);
                }
            }
        }
        catch (AwsServiceException e)
        {
            // Without the whole list there is no snapshot to write: Step Functions waits for the next run.
            CountSnapshotFailure(unit, "state machines (ListStateMachines)", e);
            return ([], []);
        }
        var described = new DescribeStateMachineResponse?[owned.Count];
        await Parallel.ForAsync(0, owned.Count, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = ct }, async (i, token) =>
        {
            try
            {
                described[i] = await clients.StepFunctions.DescribeStateMachineAsync(new DescribeStateMachineRequest(owned[i].StateMachineArn), token).ConfigureAwait(false);
            }
            catch (AwsServiceException e) when (e.ErrorCode == "StateMachineDoesNotExist")
            {
                // Deleted between the listing and the describe: no snapshot row, and nothing to list.
            }
            catch (AwsServiceException e)
            {
                CountSnapshotFailure(unit, owned[i].StateMachineArn + " (DescribeStateMachine)", e);
                writer.KeepEarlierRows("state_machines", owned[i].StateMachineArn);
            }
        }).ConfigureAwait(false);
        var found = described.OfType<DescribeStateMachineResponse>().Select(d => (Response: d, Sha: Sha256(d.Definition))).ToList();
        await rows.WriteAsync(new WriterMessage.Rows(w => found.ForEach(f => w.AddStateMachine(f.Response, f.Sha))), ct).ConfigureAwait(false);
        return (owned.Where((_, i) => described[i] is not null).ToList(), found.Select(f => LogTargetOf(f.Response)).OfType<LogTarget>().ToList());
    }

    private async Task<List<FunctionConfiguration>> SnapshotFunctionsAsync(ExportUnit unit, AwsClientFactory clients, ChunkWriter writer, ChannelWriter<WriterMessage> rows, CancellationToken ct)
    {
        var owned = new List<FunctionConfiguration>();
        try
        {
            await foreach (var function in RestartingAsync(
                () => clients.Lambda.Paginators.Functions(new ListFunctionsRequest(MaxItems: 50), ct), f => f.FunctionArn ?? "", "ListFunctions", "-", ct).ConfigureAwait(false))
            {
                if (function.FunctionArn is { } arn && function.FunctionName is { } name && unit.Owns(arn) && _functions.Matches(name))
                {
                    unit.Saw(arn);
                    owned.Add(function);
                }
            }
        }
        catch (AwsServiceException e)
        {
            CountSnapshotFailure(unit, "functions (ListFunctions)", e);
            return [];
        }
        // A few at a time, like the state machines' describes (one at a time, every retry's backoff adds up); the rows
        // are added in listing order once all are in.
        var configs = new List<FunctionEventInvokeConfig>?[owned.Count];
        await Parallel.ForAsync(0, owned.Count, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = ct }, async (i, token) =>
        {
            var list = new List<FunctionEventInvokeConfig>();
            try
            {
                await foreach (var config in RestartingAsync(
                    () => clients.Lambda.Paginators.FunctionEventInvokeConfigs(new ListFunctionEventInvokeConfigsRequest(owned[i].FunctionName!, MaxItems: 50), token),
                    c => c.FunctionArn ?? "", "ListFunctionEventInvokeConfigs", owned[i].FunctionName!, token).ConfigureAwait(false))
                {
                    list.Add(config);
                }
                configs[i] = list;
            }
            catch (AwsServiceException e)
            {
                // Not a row that says "no async configuration": the function's earlier rows stay until a run lists
                // its configs again; its durable executions are still listed.
                CountSnapshotFailure(unit, owned[i].FunctionArn + " (ListFunctionEventInvokeConfigs)", e);
                writer.KeepEarlierRows("functions", owned[i].FunctionArn!);
            }
        }).ConfigureAwait(false);
        var found = owned.Zip(configs).Where(f => f.Second is not null).ToList();
        await rows.WriteAsync(new WriterMessage.Rows(w => found.ForEach(f => w.AddFunction(f.First, f.Second!))), ct).ConfigureAwait(false);
        return owned;
    }

    private void CountSnapshotFailure(ExportUnit unit, string what, AwsServiceException e) => FailUnit(unit, what, e.Message);

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
