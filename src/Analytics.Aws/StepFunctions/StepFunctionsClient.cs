using System.Text.Json;
using Analytics.Aws.Http;
using Analytics.Aws.Retry;
using Analytics.Aws.StepFunctions.Model;

namespace Analytics.Aws.StepFunctions;

/// <summary>
/// Step Functions read client (awsJson1_0: <c>POST /</c>, <c>X-Amz-Target: AWSStepFunctions.&lt;Op&gt;</c>). Read APIs
/// only: the exporter never calls a write API (SPEC §9). Failures throw <see cref="AwsServiceException"/>; an expired
/// or invalid <c>nextToken</c> throws <see cref="PaginationTokenExpiredException"/>.
/// </summary>
public sealed partial class StepFunctionsClient
{
    public const string ServiceName = "states";
    private const string ContentType = "application/x-amz-json-1.0";
    private const string TargetPrefix = "AWSStepFunctions.";
    private const string AccountWide = "-";

    private readonly AwsJsonRpc _rpc;

    internal StepFunctionsClient(AwsRequestExecutor executor, Uri endpoint, string region, RateLimiterRegistry limiters)
    {
        _rpc = new AwsJsonRpc(executor, endpoint, ContentType, TargetPrefix,
            AwsReadApis.StepFunctions.ToDictionary(api => api, api => new AwsOperation(api, limiters.For(ServiceName, api, AwsQuotas.StepFunctions(api, region)))));
        Paginators = new StepFunctionsPaginators(this);
    }

    /// <summary>Async enumerations over every paged API.</summary>
    public StepFunctionsPaginators Paginators { get; }

    public Task<ListStateMachinesResponse> ListStateMachinesAsync(ListStateMachinesRequest request, CancellationToken cancellationToken = default) =>
        _rpc.CallAsync("ListStateMachines", AccountWide, request, Context.ListStateMachinesRequest, Context.ListStateMachinesResponse, request.NextToken is not null, cancellationToken);

    public Task<DescribeStateMachineResponse> DescribeStateMachineAsync(DescribeStateMachineRequest request, CancellationToken cancellationToken = default) =>
        _rpc.CallAsync("DescribeStateMachine", request.StateMachineArn, request, Context.DescribeStateMachineRequest, Context.DescribeStateMachineResponse, false, cancellationToken);

    public Task<DescribeStateMachineForExecutionResponse> DescribeStateMachineForExecutionAsync(DescribeStateMachineForExecutionRequest request, CancellationToken cancellationToken = default) =>
        _rpc.CallAsync("DescribeStateMachineForExecution", request.ExecutionArn, request, Context.DescribeStateMachineForExecutionRequest, Context.DescribeStateMachineForExecutionResponse, false, cancellationToken);

    public Task<ListExecutionsResponse> ListExecutionsAsync(ListExecutionsRequest request, CancellationToken cancellationToken = default)
    {
        if ((request.StateMachineArn is null) == (request.MapRunArn is null))
        {
            throw new ArgumentException("ListExecutions needs exactly one of StateMachineArn and MapRunArn.", nameof(request));
        }

        return _rpc.CallAsync("ListExecutions", request.StateMachineArn ?? request.MapRunArn!, request, Context.ListExecutionsRequest, Context.ListExecutionsResponse, request.NextToken is not null, cancellationToken);
    }

    public Task<DescribeExecutionResponse> DescribeExecutionAsync(DescribeExecutionRequest request, CancellationToken cancellationToken = default) =>
        _rpc.CallAsync("DescribeExecution", request.ExecutionArn, request, Context.DescribeExecutionRequest, Context.DescribeExecutionResponse, false, cancellationToken);

    public Task<ListMapRunsResponse> ListMapRunsAsync(ListMapRunsRequest request, CancellationToken cancellationToken = default) =>
        _rpc.CallAsync("ListMapRuns", request.ExecutionArn, request, Context.ListMapRunsRequest, Context.ListMapRunsResponse, request.NextToken is not null, cancellationToken);

    public Task<DescribeMapRunResponse> DescribeMapRunAsync(DescribeMapRunRequest request, CancellationToken cancellationToken = default) =>
        _rpc.CallAsync("DescribeMapRun", request.MapRunArn, request, Context.DescribeMapRunRequest, Context.DescribeMapRunResponse, false, cancellationToken);

    /// <summary>
    /// One history page, unparsed: the response bytes in a pooled buffer plus its <c>nextToken</c>. Dispose the page
    /// when done with it.
    /// </summary>
    public Task<HistoryPage> GetExecutionHistoryAsync(GetExecutionHistoryRequest request, CancellationToken cancellationToken = default)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(request, Context.GetExecutionHistoryRequest);
        return _rpc.SendAsync(
            "GetExecutionHistory",
            request.ExecutionArn,
            body,
            static buffer => HistoryPage.FromResponse(buffer, "nextToken"u8),
            request.NextToken is not null,
            cancellationToken);
    }

    private static StepFunctionsJsonContext Context => StepFunctionsJsonContext.Default;
}
