using System.Security.Cryptography;
using System.Text;
using Analytics.Aws;
using Analytics.Aws.Lambda.Model;
using Analytics.Aws.StepFunctions.Model;

namespace Analytics.Export.Crawl;

// The snapshot tables: state machines (ListStateMachines + DescribeStateMachine) and functions with their
// async-invoke configuration per qualifier (ListFunctions + ListFunctionEventInvokeConfigs).
public sealed partial class ExportJob
{
    private async Task<List<StateMachineListItem>> SnapshotStateMachinesAsync(AwsClientFactory clients, ChunkWriter writer, CancellationToken ct)
    {
        var owned = new List<StateMachineListItem>();
        await foreach (var item in RestartingAsync(
            () => clients.StepFunctions.Paginators.StateMachines(new ListStateMachinesRequest(MaxResults: _options.PageSize), ct), i => i.StateMachineArn, "ListStateMachines", "-", ct).ConfigureAwait(false))
        {
            if (_shard.Owns(item.StateMachineArn) && _stateMachines.Matches(item.Name))
            {
                owned.Add(item);
            }
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
        }).ConfigureAwait(false);
        for (var i = 0; i < owned.Count; i++)
        {
            if (described[i] is { } d)
            {
                writer.AddStateMachine(d, Sha256(d.Definition));
            }
        }
        return owned.Where((_, i) => described[i] is not null).ToList();
    }

    private async Task<List<FunctionConfiguration>> SnapshotFunctionsAsync(AwsClientFactory clients, ChunkWriter writer, CancellationToken ct)
    {
        var owned = new List<FunctionConfiguration>();
        await foreach (var function in RestartingAsync(
            () => clients.Lambda.Paginators.Functions(new ListFunctionsRequest(MaxItems: 50), ct), f => f.FunctionArn ?? "", "ListFunctions", "-", ct).ConfigureAwait(false))
        {
            if (function.FunctionArn is { } arn && function.FunctionName is { } name && _shard.Owns(arn) && _functions.Matches(name))
            {
                owned.Add(function);
            }
        }
        // A few at a time, like the state machines' describes (one at a time, every retry's backoff adds up); the rows
        // are added in listing order once all are in.
        var configs = new List<FunctionEventInvokeConfig>[owned.Count];
        await Parallel.ForAsync(0, owned.Count, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = ct }, async (i, token) =>
        {
            configs[i] = [];
            await foreach (var config in RestartingAsync(
                () => clients.Lambda.Paginators.FunctionEventInvokeConfigs(new ListFunctionEventInvokeConfigsRequest(owned[i].FunctionName!, MaxItems: 50), token),
                c => c.FunctionArn ?? "", "ListFunctionEventInvokeConfigs", owned[i].FunctionName!, token).ConfigureAwait(false))
            {
                configs[i].Add(config);
            }
        }).ConfigureAwait(false);
        for (var i = 0; i < owned.Count; i++)
        {
            writer.AddFunction(owned[i], configs[i]);
        }
        return owned;
    }

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
