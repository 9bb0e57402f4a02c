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

    /// <summary>The read policy: the exporter's own in a single account, the member-account role's in an organisation.</summary>
    public static string Json() => JsonSerializer.Serialize(ReadPolicy(), s_options);

    /// <summary>
    /// For an organisation-wide export (<c>--role-name</c>): the role policy each member account attaches to
    /// <paramref name="roleName"/>, that role's trust policy letting <paramref name="principalArn"/> assume it (only with
    /// the external id, when one is given), and the exporting principal's permission to assume it in
    /// <paramref name="accounts"/> (every account when none are named).
    /// </summary>
    public static string OrganisationJson(string roleName, string principalArn, string? externalId, IReadOnlyList<string> accounts)
    {
        var trust = new Dictionary<string, object>
        {
            ["Sid"] = "TrustWorkflowHistoryExporter",
            ["Effect"] = "Allow",
            ["Principal"] = new { AWS = principalArn },
            ["Action"] = "sts:AssumeRole",
        };
        if (!string.IsNullOrEmpty(externalId))
        {
            trust["Condition"] = new { StringEquals = new Dictionary<string, string> { ["sts:ExternalId"] = externalId } };
        }
        var roles = accounts.Count == 0 ? [$"arn:aws:iam::*:role/{roleName}"] : accounts.Select(a => $"arn:aws:iam::{a}:role/{roleName}").ToArray();
        var documents = new Dictionary<string, object>
        {
            [$"MemberAccountRolePolicy ({roleName})"] = ReadPolicy(),
            [$"MemberAccountRoleTrustPolicy ({roleName})"] = new { Version = "2012-10-17", Statement = new object[] { trust } },
            ["ExportingPrincipalPolicy"] = new
            {
                Version = "2012-10-17",
                Statement = new object[] { new { Sid = "AssumeExporterRoleInMemberAccounts", Effect = "Allow", Action = "sts:AssumeRole", Resource = roles } },
            },
        };
        return JsonSerializer.Serialize(documents, s_options);
    }

    private static object ReadPolicy() => new
    {
        Version = "2012-10-17",
        Statement = new object[]
        {
            new { Sid = "ReadStepFunctionsHistories", Effect = "Allow", Action = StepFunctionsActions, Resource = "*" },
            new { Sid = "ReadLambdaDurableExecutions", Effect = "Allow", Action = LambdaActions, Resource = "*" },
            new { Sid = "ReadExpressHistoriesFromLogs", Effect = "Allow", Action = LogsActions, Resource = "*" },
        },
    };

    private static readonly JsonSerializerOptions s_options = new() { WriteIndented = true };
}
