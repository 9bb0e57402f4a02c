using System.Text.Json;
using Analytics.Emulator.Http.Paging;
using Analytics.Emulator.World;

namespace Analytics.Emulator.Http.StepFunctions;

/// <summary>
/// The Step Functions read API over awsJson1_0: one method per operation, each reading its JSON input and writing
/// the response object with the exact member names of the SDK model (aws-wire-facts §2).
/// </summary>
internal sealed partial class StepFunctionsApi(IWorld world, PageTokenCodec tokens, int filterScanLimit)
{
    public static readonly IReadOnlySet<string> Operations = new HashSet<string>(StringComparer.Ordinal)
    {
        "ListStateMachines", "DescribeStateMachine", "DescribeStateMachineForExecution", "ListExecutions",
        "DescribeExecution", "GetExecutionHistory", "ListMapRuns", "DescribeMapRun",
    };

    public void Invoke(string operation, SfnInput input, Utf8JsonWriter output)
    {
        switch (operation)
        {
            case "ListStateMachines": ListStateMachines(input, output); break;
            case "DescribeStateMachine": DescribeStateMachine(input, output); break;
            case "DescribeStateMachineForExecution": DescribeStateMachineForExecution(input, output); break;
            case "ListExecutions": ListExecutions(input, output); break;
            case "DescribeExecution": DescribeExecution(input, output); break;
            case "GetExecutionHistory": GetExecutionHistory(input, output); break;
            case "ListMapRuns": ListMapRuns(input, output); break;
            case "DescribeMapRun": DescribeMapRun(input, output); break;
            default: throw SfnErrors.UnknownOperation("AWSStepFunctions." + operation);
        }
    }

    private long StartPosition(SfnInput input, string arguments)
    {
        var token = input.String("nextToken");
        if (token is null)
        {
            return 0;
        }
        var problem = tokens.TryDecode(token, arguments, out var position);
        return problem == TokenProblem.None ? position : throw SfnErrors.InvalidToken(PageTokenCodec.Describe(problem));
    }

    private void WriteNextToken(Utf8JsonWriter output, string arguments, long? next)
    {
        if (NextToken(arguments, next) is { } token)
        {
            output.WriteString("nextToken", token);
        }
    }

    private string? NextToken(string arguments, long? next) => next is { } position ? tokens.Encode(arguments, position) : null;

    private void WritePage<T>(Utf8JsonWriter output, string member, PageSlice<T> page, string arguments, Action<Utf8JsonWriter, T> writeItem) =>
        PageWriter.Write(output, member, page.Items, writeItem, "nextToken", NextToken(arguments, page.Next));

    /// <summary>The ARN's resource type (`stateMachine`, `execution`, `express`, `mapRun`), or InvalidArn.</summary>
    private static string ResourceType(string arn, params string[] allowed)
    {
        var parts = arn.Split(':');
        if (parts.Length < 7 || parts[0] != "arn" || parts[2] != "states" || parts[6].Length == 0)
        {
            throw SfnErrors.InvalidArn(arn, "ARN is not a Step Functions resource ARN");
        }
        if (Array.IndexOf(allowed, parts[5]) < 0)
        {
            throw SfnErrors.InvalidArn(arn, $"Resource type not valid in this context: {parts[5]}");
        }
        return parts[5];
    }

    /// <summary>
    /// An execution that the given API may report on: EXPRESS executions exist for these APIs only when a Map Run
    /// dispatched them (and only for the APIs that allow it); otherwise AWS answers InvalidArn.
    /// </summary>
    private ExecutionRecord RequireExecution(string executionArn, bool allowExpressMapRunChild)
    {
        var kind = ResourceType(executionArn, "execution", "express");
        var execution = world.FindExecution(executionArn) ?? throw SfnErrors.ExecutionDoesNotExist(executionArn);
        if ((execution.IsExpress || kind == "express") && !(allowExpressMapRunChild && execution.MapRunArn is not null))
        {
            throw SfnErrors.InvalidArn(executionArn, "Resource type not valid in this context: express");
        }
        return execution;
    }
}
