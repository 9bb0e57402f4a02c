using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Analytics.Aws.Http;
using Analytics.Aws.Lambda.Model;
using Analytics.Aws.Retry;

namespace Analytics.Aws.Lambda;

/// <summary>
/// Lambda read client (restJson1): GET on versioned paths, path labels percent-encoded in full (<c>:</c> and
/// <c>/</c> included), query keys sorted and list members repeated. Read APIs only (SPEC §9). Failures throw
/// <see cref="AwsServiceException"/>; a stale <c>Marker</c> throws <see cref="PaginationTokenExpiredException"/>.
/// </summary>
public sealed partial class LambdaClient
{
    public const string ServiceName = "lambda";
    private const string AccountWide = "-";

    private readonly AwsRequestExecutor _executor;
    private readonly string _baseUrl;
    private readonly Dictionary<string, AwsOperation> _operations;

    internal LambdaClient(AwsRequestExecutor executor, Uri endpoint, RateLimiterRegistry limiters)
    {
        _executor = executor;
        _baseUrl = endpoint.GetLeftPart(UriPartial.Authority) + endpoint.AbsolutePath.TrimEnd('/');
        _operations = AwsReadApis.Lambda.ToDictionary(api => api, api => new AwsOperation(api, limiters.For(ServiceName, api, AwsQuotas.Lambda(api))));
        Paginators = new LambdaPaginators(this);
    }

    /// <summary>Async enumerations over every paged API.</summary>
    public LambdaPaginators Paginators { get; }

    public Task<ListFunctionsResponse> ListFunctionsAsync(ListFunctionsRequest request, CancellationToken cancellationToken = default)
    {
        var query = new QueryString()
            .Add("MasterRegion", request.MasterRegion)
            .Add("FunctionVersion", request.FunctionVersion)
            .Add("Marker", request.Marker)
            .Add("MaxItems", request.MaxItems);
        return GetAsync("ListFunctions", AccountWide, "/2015-03-31/functions", query, Context.ListFunctionsResponse, request.Marker is not null, cancellationToken);
    }

    public Task<FunctionConfiguration> GetFunctionConfigurationAsync(GetFunctionConfigurationRequest request, CancellationToken cancellationToken = default)
    {
        var path = $"/2015-03-31/functions/{Label(request.FunctionName, nameof(request.FunctionName))}/configuration";
        return GetAsync("GetFunctionConfiguration", request.FunctionName, path, new QueryString().Add("Qualifier", request.Qualifier), Context.FunctionConfiguration, false, cancellationToken);
    }

    public Task<ListFunctionEventInvokeConfigsResponse> ListFunctionEventInvokeConfigsAsync(ListFunctionEventInvokeConfigsRequest request, CancellationToken cancellationToken = default)
    {
        var path = $"/2019-09-25/functions/{Label(request.FunctionName, nameof(request.FunctionName))}/event-invoke-config/list";
        var query = new QueryString().Add("Marker", request.Marker).Add("MaxItems", request.MaxItems);
        return GetAsync("ListFunctionEventInvokeConfigs", request.FunctionName, path, query, Context.ListFunctionEventInvokeConfigsResponse, request.Marker is not null, cancellationToken);
    }

    public Task<ListDurableExecutionsByFunctionResponse> ListDurableExecutionsByFunctionAsync(ListDurableExecutionsByFunctionRequest request, CancellationToken cancellationToken = default)
    {
        var path = $"/2025-12-01/functions/{Label(request.FunctionName, nameof(request.FunctionName))}/durable-executions";
        var query = new QueryString()
            .Add("Qualifier", request.Qualifier)
            .Add("DurableExecutionName", request.DurableExecutionName)
            .Add("Statuses", request.Statuses)
            .Add("StartedAfter", request.StartedAfter)
            .Add("StartedBefore", request.StartedBefore)
            .Add("ReverseOrder", request.ReverseOrder)
            .Add("Marker", request.Marker)
            .Add("MaxItems", request.MaxItems);
        return GetAsync("ListDurableExecutionsByFunction", request.FunctionName, path, query, Context.ListDurableExecutionsByFunctionResponse, request.Marker is not null, cancellationToken);
    }

    public Task<GetDurableExecutionResponse> GetDurableExecutionAsync(GetDurableExecutionRequest request, CancellationToken cancellationToken = default)
    {
        var path = $"/2025-12-01/durable-executions/{Label(request.DurableExecutionArn, nameof(request.DurableExecutionArn))}";
        var query = new QueryString().Add("IncludeExecutionData", request.IncludeExecutionData);
        return GetAsync("GetDurableExecution", request.DurableExecutionArn, path, query, Context.GetDurableExecutionResponse, false, cancellationToken);
    }

    /// <summary>One durable history page, unparsed (pooled bytes + <c>NextMarker</c>). Dispose the page when done.</summary>
    public Task<HistoryPage> GetDurableExecutionHistoryAsync(GetDurableExecutionHistoryRequest request, CancellationToken cancellationToken = default)
    {
        var path = $"/2025-12-01/durable-executions/{Label(request.DurableExecutionArn, nameof(request.DurableExecutionArn))}/history";
        var query = new QueryString()
            .Add("IncludeExecutionData", request.IncludeExecutionData)
            .Add("MaxItems", request.MaxItems)
            .Add("Marker", request.Marker)
            .Add("ReverseOrder", request.ReverseOrder);
        return GetHistoryAsync("GetDurableExecutionHistory", request.DurableExecutionArn, path, query, request.Marker is not null, cancellationToken);
    }

    /// <summary>One page of a running durable execution's operations, unparsed. Needs the invocation's checkpoint token.</summary>
    public Task<HistoryPage> GetDurableExecutionStateAsync(GetDurableExecutionStateRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(request.CheckpointToken, nameof(request.CheckpointToken));
        var path = $"/2025-12-01/durable-executions/{Label(request.DurableExecutionArn, nameof(request.DurableExecutionArn))}/state";
        var query = new QueryString()
            .Add("CheckpointToken", request.CheckpointToken)
            .Add("Marker", request.Marker)
            .Add("MaxItems", request.MaxItems);
        return GetHistoryAsync("GetDurableExecutionState", request.DurableExecutionArn, path, query, request.Marker is not null, cancellationToken);
    }

    private static LambdaJsonContext Context => LambdaJsonContext.Default;

    private static string Label(string value, string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(value, name);
        return PercentEncoding.Encode(value);
    }

    private Uri BuildUri(string path, QueryString query)
    {
        var encodedQuery = query.ToString();
        return new Uri(encodedQuery.Length == 0 ? _baseUrl + path : $"{_baseUrl}{path}?{encodedQuery}", UriKind.Absolute);
    }

    private Task<TResponse> GetAsync<TResponse>(
        string api, string resource, string path, QueryString query, JsonTypeInfo<TResponse> responseInfo, bool sendsToken, CancellationToken cancellationToken)
    {
        var uri = BuildUri(path, query);
        return _executor.SendAsync(
            _operations[api],
            resource,
            () => new HttpRequestMessage(HttpMethod.Get, uri),
            buffer => JsonSerializer.Deserialize(buffer.Span, responseInfo) ?? throw new JsonException("The response body is null."),
            sendsToken,
            cancellationToken);
    }

    private Task<HistoryPage> GetHistoryAsync(string api, string resource, string path, QueryString query, bool sendsToken, CancellationToken cancellationToken)
    {
        var uri = BuildUri(path, query);
        return _executor.SendAsync(
            _operations[api],
            resource,
            () => new HttpRequestMessage(HttpMethod.Get, uri),
            static buffer => HistoryPage.FromResponse(buffer, "NextMarker"u8),
            sendsToken,
            cancellationToken);
    }
}
