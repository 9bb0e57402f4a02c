using System.Text.Json;
using Analytics.Emulator.Http.Paging;
using Analytics.Emulator.World;

namespace Analytics.Emulator.Http.Lambda;

/// <summary>A matched Lambda operation and its one path label (function name or durable execution ARN).</summary>
internal sealed record LambdaRoute(string Operation, string Label);

/// <summary>
/// The Lambda read API over restJson1 (aws-wire-facts §3): routes versioned paths to operations and writes
/// PascalCase response members.
/// </summary>
internal sealed partial class LambdaApi(IWorld world, PageTokenCodec tokens, int filterScanLimit)
{
    /// <summary>The first path segments of Lambda's API versions; anything else is not Lambda.</summary>
    public static bool IsLambdaPath(string firstSegment) =>
        firstSegment is "2015-03-31" or "2019-09-25" or "2025-12-01";

    public static LambdaRoute? Match(LambdaRequest request)
    {
        if (request.Method != "GET")
        {
            return null;
        }
        var s = request.Segments;
        return (s.Count, s.Count > 0 ? s[0] : "") switch
        {
            // The SDK sends no trailing slash; the API reference writes one: accept both.
            (2, "2015-03-31") when s[1] == "functions" => new("ListFunctions", ""),
            (3, "2015-03-31") when s[1] == "functions" && s[2].Length == 0 => new("ListFunctions", ""),
            (4, "2015-03-31") when s[1] == "functions" && s[3] == "configuration" && s[2].Length > 0
                => new("GetFunctionConfiguration", s[2]),
            (5, "2019-09-25") when s[1] == "functions" && s[3] == "event-invoke-config" && s[4] == "list" && s[2].Length > 0
                => new("ListFunctionEventInvokeConfigs", s[2]),
            (4, "2025-12-01") when s[1] == "functions" && s[3] == "durable-executions" && s[2].Length > 0
                => new("ListDurableExecutionsByFunction", s[2]),
            (3, "2025-12-01") when s[1] == "durable-executions" && s[2].Length > 0 => new("GetDurableExecution", s[2]),
            (4, "2025-12-01") when s[1] == "durable-executions" && s[3] == "history" && s[2].Length > 0
                => new("GetDurableExecutionHistory", s[2]),
            (4, "2025-12-01") when s[1] == "durable-executions" && s[3] == "state" && s[2].Length > 0
                => new("GetDurableExecutionState", s[2]),
            _ => null,
        };
    }

    public void Invoke(LambdaRoute route, LambdaRequest request, Utf8JsonWriter output)
    {
        switch (route.Operation)
        {
            case "ListFunctions": ListFunctions(request, output); break;
            case "GetFunctionConfiguration": GetFunctionConfiguration(route.Label, request, output); break;
            case "ListFunctionEventInvokeConfigs": ListFunctionEventInvokeConfigs(route.Label, request, output); break;
            case "ListDurableExecutionsByFunction": ListDurableExecutionsByFunction(route.Label, request, output); break;
            case "GetDurableExecution": GetDurableExecution(route.Label, request, output); break;
            case "GetDurableExecutionHistory": GetDurableExecutionHistory(route.Label, request, output); break;
            case "GetDurableExecutionState": GetDurableExecutionState(route.Label, request, output); break;
            default: throw new InvalidOperationException("unrouted Lambda operation " + route.Operation);
        }
    }

    private long StartPosition(LambdaRequest request, string arguments)
    {
        var marker = request.Single("Marker");
        if (marker is null)
        {
            return 0;
        }
        var problem = tokens.TryDecode(marker, arguments, out var position);
        return problem == TokenProblem.None
            ? position
            : throw LambdaErrors.InvalidParameter("Invalid Marker: " + PageTokenCodec.Describe(problem));
    }

    private void WriteNextMarker(Utf8JsonWriter output, string arguments, long? next)
    {
        if (NextMarker(arguments, next) is { } marker)
        {
            output.WriteString("NextMarker", marker);
        }
    }

    private string? NextMarker(string arguments, long? next) => next is { } position ? tokens.Encode(arguments, position) : null;

    private void WritePage<T>(Utf8JsonWriter output, string member, PageSlice<T> page, string arguments, Action<Utf8JsonWriter, T> writeItem) =>
        PageWriter.Write(output, member, page.Items, writeItem, "NextMarker", NextMarker(arguments, page.Next));

    private FunctionRecord RequireFunction(string nameOrArn) =>
        world.FindFunction(nameOrArn) ?? throw LambdaErrors.FunctionNotFound(
            nameOrArn.StartsWith("arn:", StringComparison.Ordinal)
                ? nameOrArn
                : $"arn:aws:lambda:{world.Region}:{world.AccountId}:function:{nameOrArn}");
}
