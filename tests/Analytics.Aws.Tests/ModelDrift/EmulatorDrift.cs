using Analytics.Aws.Lambda.Model;
using Analytics.Aws.StepFunctions.Model;
using Analytics.Aws.Tests.Emulator;

namespace Analytics.Aws.Tests.ModelDrift;

/// <summary>
/// The emulator's side of the drift check, over real loopback HTTP: every execution status the model defines must be
/// accepted as a list filter (ListExecutions statusFilter, ListDurableExecutionsByFunction Statuses).
/// </summary>
internal static class EmulatorDrift
{
    public static async Task<List<Finding>> CheckAsync(SdkModel sdk)
    {
        var findings = new List<Finding>();
        await using var session = await EmulatorSession.StartAsync(TestWorld.Load(scale: 0.05, days: 1));
        var sfn = session.Clients.StepFunctions;
        var lambda = session.Clients.Lambda;
        var machine = (await sfn.ListStateMachinesAsync(new ListStateMachinesRequest())).StateMachines[0].StateMachineArn;
        var durable = (await lambda.ListFunctionsAsync(new ListFunctionsRequest())).Functions!.First(f => f.IsDurable).FunctionName!;

        // PENDING_REDRIVE filters a Map Run's children only (AWS rejects it with a state machine ARN).
        foreach (var status in SdkModel.Strings(sdk.StepFunctions["executionStatuses"]).Where(s => s != "PENDING_REDRIVE"))
        {
            await Accepts(findings, $"emulator.sfn.statusFilter:{status}", $"ListExecutions rejects statusFilter {status}",
                () => sfn.ListExecutionsAsync(new ListExecutionsRequest(StateMachineArn: machine, StatusFilter: status, MaxResults: 1)));
        }
        foreach (var status in SdkModel.Strings(sdk.Lambda["executionStatuses"]))
        {
            await Accepts(findings, $"emulator.lambda.statuses:{status}", $"ListDurableExecutionsByFunction rejects Statuses={status}",
                () => lambda.ListDurableExecutionsByFunctionAsync(new ListDurableExecutionsByFunctionRequest(durable, Statuses: [status], MaxItems: 1)));
        }
        return findings;
    }

    private static async Task Accepts(List<Finding> findings, string key, string message, Func<Task> call)
    {
        try
        {
            await call();
        }
        catch (AwsServiceException ex)
        {
            findings.Add(new(key, $"the emulator: {message} ({ex.Message})"));
        }
    }
}
