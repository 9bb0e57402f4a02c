namespace Analytics.Aws;

/// <summary>
/// Every AWS API the clients can call, all of them reads: the least-privilege IAM actions an export needs
/// (for <c>iam-policy</c>). No write API (UpdateMapRun, StopExecution, RedriveExecution …) exists in this library.
/// </summary>
public static class AwsReadApis
{
    public static IReadOnlyList<string> StepFunctions { get; } =
    [
        "ListStateMachines", "DescribeStateMachine", "DescribeStateMachineForExecution", "ListExecutions",
        "DescribeExecution", "GetExecutionHistory", "ListMapRuns", "DescribeMapRun",
    ];

    public static IReadOnlyList<string> Lambda { get; } =
    [
        "ListFunctions", "GetFunctionConfiguration", "ListFunctionEventInvokeConfigs", "ListDurableExecutionsByFunction",
        "GetDurableExecution", "GetDurableExecutionHistory", "GetDurableExecutionState",
    ];

    /// <summary>CloudWatch Logs: IAM counts all of these as Read, StartQuery and StopQuery included.</summary>
    public static IReadOnlyList<string> Logs { get; } =
    [
        "FilterLogEvents", "DescribeLogGroups", "StartQuery", "GetQueryResults", "StopQuery",
    ];

    /// <summary>IAM actions, e.g. <c>states:GetExecutionHistory</c>, <c>lambda:ListFunctions</c>.</summary>
    public static IReadOnlyList<string> IamActions { get; } =
        [.. StepFunctions.Select(api => "states:" + api), .. Lambda.Select(api => "lambda:" + api), .. Logs.Select(api => "logs:" + api)];
}
