using System.Text.Json;

namespace Analytics.Export;

/// <summary>
/// The IAM actions the exporter calls, and nothing else: all read-only (it never calls StopExecution,
/// RedriveExecution, UpdateMapRun or any other write API).
/// </summary>
public static class IamPolicy
{
    public static IReadOnlyList<string> StepFunctionsActions { get; } =
    [
        "states:ListStateMachines", "states:DescribeStateMachine", "states:ListExecutions", "states:DescribeExecution",
        "states:GetExecutionHistory", "states:DescribeMapRun",
    ];

    public static IReadOnlyList<string> LambdaActions { get; } =
    [
        "lambda:ListFunctions", "lambda:ListFunctionEventInvokeConfigs", "lambda:ListDurableExecutionsByFunction",
        "lambda:GetDurableExecution", "lambda:GetDurableExecutionHistory",
    ];

    /// <summary>EXPRESS executions' histories, read from their state machines' log groups.</summary>
    public static IReadOnlyList<string> LogsActions { get; } = ["logs:FilterLogEvents"];

    public static string Json()
    {
        var policy = new
        {
            Version = "2012-10-17",
            Statement = new object[]
            {
                new { Sid = "ReadStepFunctionsHistories", Effect = "Allow", Action = StepFunctionsActions, Resource = "*" },
                new { Sid = "ReadLambdaDurableExecutions", Effect = "Allow", Action = LambdaActions, Resource = "*" },
                new { Sid = "ReadExpressHistoriesFromLogs", Effect = "Allow", Action = LogsActions, Resource = "*" },
            },
        };
        return JsonSerializer.Serialize(policy, s_options);
    }

    private static readonly JsonSerializerOptions s_options = new() { WriteIndented = true };
}
