using System.Runtime.CompilerServices;
using Analytics.Aws.Lambda.Model;
using Analytics.Aws.Http;

namespace Analytics.Aws.Lambda;

/// <summary>Every paged Lambda API as an async enumeration of pages (and of items); Marker in, NextMarker out.</summary>
public sealed class LambdaPaginators
{
    private readonly LambdaClient _client;

    internal LambdaPaginators(LambdaClient client)
    {
        _client = client;
    }

    public async IAsyncEnumerable<ListFunctionsResponse> ListFunctions(
        ListFunctionsRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var marker = request.Marker;
        do
        {
            var page = await _client.ListFunctionsAsync(request with { Marker = marker }, cancellationToken).ConfigureAwait(false);
            yield return page;
            marker = Pagination.Next(marker, page.NextMarker, "ListFunctions");
        }
        while (marker is not null);
    }

    public async IAsyncEnumerable<FunctionConfiguration> Functions(
        ListFunctionsRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var page in ListFunctions(request, cancellationToken).ConfigureAwait(false))
        {
            foreach (var item in page.Functions ?? [])
            {
                yield return item;
            }
        }
    }

    public async IAsyncEnumerable<ListFunctionEventInvokeConfigsResponse> ListFunctionEventInvokeConfigs(
        ListFunctionEventInvokeConfigsRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var marker = request.Marker;
        do
        {
            var page = await _client.ListFunctionEventInvokeConfigsAsync(request with { Marker = marker }, cancellationToken).ConfigureAwait(false);
            yield return page;
            marker = Pagination.Next(marker, page.NextMarker, "ListFunctionEventInvokeConfigs");
        }
        while (marker is not null);
    }

    public async IAsyncEnumerable<FunctionEventInvokeConfig> FunctionEventInvokeConfigs(
        ListFunctionEventInvokeConfigsRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var page in ListFunctionEventInvokeConfigs(request, cancellationToken).ConfigureAwait(false))
        {
            foreach (var item in page.FunctionEventInvokeConfigs ?? [])
            {
                yield return item;
            }
        }
    }

    public async IAsyncEnumerable<ListDurableExecutionsByFunctionResponse> ListDurableExecutionsByFunction(
        ListDurableExecutionsByFunctionRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var marker = request.Marker;
        do
        {
            var page = await _client.ListDurableExecutionsByFunctionAsync(request with { Marker = marker }, cancellationToken).ConfigureAwait(false);
            yield return page;
            marker = Pagination.Next(marker, page.NextMarker, "ListDurableExecutionsByFunction");
        }
        while (marker is not null);
    }

    public async IAsyncEnumerable<DurableExecutionSummary> DurableExecutions(
        ListDurableExecutionsByFunctionRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var page in ListDurableExecutionsByFunction(request, cancellationToken).ConfigureAwait(false))
        {
            foreach (var item in page.DurableExecutions ?? [])
            {
                yield return item;
            }
        }
    }

    /// <summary>Durable history pages in order; the consumer disposes each page.</summary>
    public async IAsyncEnumerable<HistoryPage> GetDurableExecutionHistory(
        GetDurableExecutionHistoryRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var marker = request.Marker;
        do
        {
            var page = await _client.GetDurableExecutionHistoryAsync(request with { Marker = marker }, cancellationToken).ConfigureAwait(false);
            var next = Pagination.Next(marker, page, "GetDurableExecutionHistory");
            yield return page;
            marker = next;
        }
        while (marker is not null);
    }

    /// <summary>Operation pages of a running durable execution; the consumer disposes each page.</summary>
    public async IAsyncEnumerable<HistoryPage> GetDurableExecutionState(
        GetDurableExecutionStateRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var marker = request.Marker;
        do
        {
            var page = await _client.GetDurableExecutionStateAsync(request with { Marker = marker }, cancellationToken).ConfigureAwait(false);
            var next = Pagination.Next(marker, page, "GetDurableExecutionState");
            yield return page;
            marker = next;
        }
        while (marker is not null);
    }
}
