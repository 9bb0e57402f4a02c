using System.Text.Json;
using Analytics.Aws.Http;
using Analytics.Aws.Logs.Model;
using Analytics.Aws.Retry;

namespace Analytics.Aws.Logs;

/// <summary>
/// CloudWatch Logs read client (awsJson1_1: <c>POST /</c>, <c>X-Amz-Target: Logs_20140328.&lt;Op&gt;</c>, SigV4 service
/// <c>logs</c>). <c>AWSSDK.CloudWatchLogs</c> is not used: the same executor, retries and limiters as the other two
/// clients. Throttling arrives as HTTP 400 <c>ThrottlingException</c> or <c>LimitExceededException</c> and is retried
/// as throttling. Failures throw <see cref="AwsServiceException"/>; a stale <c>nextToken</c>
/// <see cref="PaginationTokenExpiredException"/>.
/// </summary>
public sealed class LogsClient
{
    public const string ServiceName = "logs";
    private const string ContentType = "application/x-amz-json-1.1";
    private const string TargetPrefix = "Logs_20140328.";
    private const string AccountWide = "-";

    private readonly AwsJsonRpc _rpc;

    internal LogsClient(AwsRequestExecutor executor, Uri endpoint, string region, RateLimiterRegistry limiters)
    {
        _rpc = new AwsJsonRpc(executor, endpoint, ContentType, TargetPrefix,
            AwsReadApis.Logs.ToDictionary(api => api, api => new AwsOperation(api, limiters.For(ServiceName, api, AwsQuotas.Logs(api, region)))));
        Paginators = new LogsPaginators(this);
    }

    /// <summary>Paging through FilterLogEvents and DescribeLogGroups, and running an Insights query to its end.</summary>
    public LogsPaginators Paginators { get; }

    /// <summary>One page of events, unparsed (dispose it). Empty pages with a <c>nextToken</c> are normal.</summary>
    public Task<LogEventsPage> FilterLogEventsAsync(FilterLogEventsRequest request, CancellationToken cancellationToken = default)
    {
        if ((request.LogGroupName is null) == (request.LogGroupIdentifier is null))
        {
            throw new ArgumentException("FilterLogEvents needs exactly one of LogGroupName and LogGroupIdentifier.", nameof(request));
        }

        return _rpc.SendAsync(
            "FilterLogEvents",
            request.LogGroupName ?? request.LogGroupIdentifier!,
            JsonSerializer.SerializeToUtf8Bytes(request, Context.FilterLogEventsRequest),
            static buffer => new LogEventsPage(HistoryPage.FromResponse(buffer, "nextToken"u8)),
            request.NextToken is not null,
            cancellationToken);
    }

    public Task<DescribeLogGroupsResponse> DescribeLogGroupsAsync(DescribeLogGroupsRequest request, CancellationToken cancellationToken = default) =>
        _rpc.CallAsync("DescribeLogGroups", AccountWide, request, Context.DescribeLogGroupsRequest, Context.DescribeLogGroupsResponse, request.NextToken is not null, cancellationToken);

    /// <summary>Starts a Logs Insights query: billed per GB it scans.</summary>
    public Task<StartQueryResponse> StartQueryAsync(StartQueryRequest request, CancellationToken cancellationToken = default) =>
        _rpc.CallAsync("StartQuery", request.LogGroupName ?? AccountWide, request, Context.StartQueryRequest, Context.StartQueryResponse, false, cancellationToken);

    public Task<GetQueryResultsResponse> GetQueryResultsAsync(GetQueryResultsRequest request, CancellationToken cancellationToken = default) =>
        _rpc.CallAsync("GetQueryResults", request.QueryId, request, Context.GetQueryResultsRequest, Context.GetQueryResultsResponse, request.NextToken is not null, cancellationToken);

    public Task<StopQueryResponse> StopQueryAsync(StopQueryRequest request, CancellationToken cancellationToken = default) =>
        _rpc.CallAsync("StopQuery", request.QueryId, request, Context.StopQueryRequest, Context.StopQueryResponse, false, cancellationToken);

    private static LogsJsonContext Context => LogsJsonContext.Default;
}
