using System.Runtime.CompilerServices;
using Analytics.Aws.Http;
using Analytics.Aws.StepFunctions.Model;

namespace Analytics.Aws.StepFunctions;

/// <summary>
/// Every paged Step Functions API as an async enumeration of pages (and of items). The request's other members stay
/// unchanged between pages, as AWS requires. A page sequence that repeats its token is stopped with an error rather
/// than looping forever.
/// </summary>
public sealed class StepFunctionsPaginators
{
    private readonly StepFunctionsClient _client;

    internal StepFunctionsPaginators(StepFunctionsClient client)
    {
        _client = client;
    }

    public async IAsyncEnumerable<ListStateMachinesResponse> ListStateMachines(
        ListStateMachinesRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var token = request.NextToken;
        do
        {
            var page = await _client.ListStateMachinesAsync(request with { NextToken = token }, cancellationToken).ConfigureAwait(false);
            yield return page;
            token = Pagination.Next(token, page.NextToken, "ListStateMachines");
        }
        while (token is not null);
    }

    public async IAsyncEnumerable<StateMachineListItem> StateMachines(
        ListStateMachinesRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var page in ListStateMachines(request, cancellationToken).ConfigureAwait(false))
        {
            foreach (var item in page.StateMachines)
            {
                yield return item;
            }
        }
    }

    public async IAsyncEnumerable<ListExecutionsResponse> ListExecutions(
        ListExecutionsRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var token = request.NextToken;
        do
        {
            var page = await _client.ListExecutionsAsync(request with { NextToken = token }, cancellationToken).ConfigureAwait(false);
            yield return page;
            token = Pagination.Next(token, page.NextToken, "ListExecutions");
        }
        while (token is not null);
    }

    public async IAsyncEnumerable<ExecutionListItem> Executions(
        ListExecutionsRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var page in ListExecutions(request, cancellationToken).ConfigureAwait(false))
        {
            foreach (var item in page.Executions)
            {
                yield return item;
            }
        }
    }

    public async IAsyncEnumerable<ListMapRunsResponse> ListMapRuns(
        ListMapRunsRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var token = request.NextToken;
        do
        {
            var page = await _client.ListMapRunsAsync(request with { NextToken = token }, cancellationToken).ConfigureAwait(false);
            yield return page;
            token = Pagination.Next(token, page.NextToken, "ListMapRuns");
        }
        while (token is not null);
    }

    public async IAsyncEnumerable<MapRunListItem> MapRuns(
        ListMapRunsRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var page in ListMapRuns(request, cancellationToken).ConfigureAwait(false))
        {
            foreach (var item in page.MapRuns)
            {
                yield return item;
            }
        }
    }

    /// <summary>
    /// History pages in order. Each page owns a pooled buffer: the consumer disposes it (typically right after
    /// flattening it); pages are fetched one at a time, only when the consumer asks for the next.
    /// </summary>
    public async IAsyncEnumerable<HistoryPage> GetExecutionHistory(
        GetExecutionHistoryRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var token = request.NextToken;
        do
        {
            var page = await _client.GetExecutionHistoryAsync(request with { NextToken = token }, cancellationToken).ConfigureAwait(false);
            var next = Pagination.Next(token, page, "GetExecutionHistory");
            yield return page;
            token = next;
        }
        while (token is not null);
    }
}
