using Analytics.Emulator.Http;
using Analytics.Emulator.World;

namespace Analytics.Export.Tests.Support;

/// <summary>
/// A real world where one state machine cannot be described and one function's async-invoke configs cannot be
/// listed (AccessDeniedException, as a missing IAM permission answers): the rest of the account is intact.
/// </summary>
internal sealed class DenyingWorld(IWorld world, string deniedStateMachineArn, string deniedFunctionName) : DelegatingWorld(world)
{
    public override StateMachineRecord? FindStateMachine(string stateMachineArn) =>
        stateMachineArn == deniedStateMachineArn ? throw Denied("states:DescribeStateMachine", stateMachineArn) : base.FindStateMachine(stateMachineArn);

    public override FunctionRecord? FindFunction(string functionNameOrArn) =>
        functionNameOrArn == deniedFunctionName ? throw Denied("lambda:ListFunctionEventInvokeConfigs", functionNameOrArn) : base.FindFunction(functionNameOrArn);

    internal static ApiException Denied(string action, string resource) =>
        new("AccessDeniedException", 400, $"User is not authorized to perform: {action} on resource: {resource}");
}

/// <summary>A real world where one execution's history is refused (AccessDeniedException: no retry), so its fetch fails.</summary>
internal sealed class DeniedHistoryWorld(IWorld world, string deniedArn) : DelegatingWorld(world)
{
    public override IHistorySource? GetExecutionHistory(string executionArn) => executionArn == deniedArn
        ? throw DenyingWorld.Denied("states:GetExecutionHistory", executionArn)
        : base.GetExecutionHistory(executionArn);
}
