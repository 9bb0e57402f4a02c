using System.Runtime.CompilerServices;
using Analytics.Aws.Http;
using Analytics.Aws.Logs.Model;

namespace Analytics.Aws.Logs;

/// <summary>FilterLogEvents and DescribeLogGroups pages, and a Logs Insights query polled to its end.</summary>
public sealed class LogsPaginators
{
    private readonly LogsClient _client;

    internal LogsPaginators(LogsClient client)
    {
        _client = client;
    }

    /// <summary>
    /// Event pages in order, through empty pages, until a page has no <c>nextToken</c>. Each page owns a pooled
    /// buffer: the consumer disposes it; pages are fetched one at a time, when the consumer asks for the next.
    /// </summary>
    public async IAsyncEnumerable<LogEventsPage> FilterLogEvents(
        FilterLogEventsRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var token = request.NextToken;
        do
        {
            var page = await _client.FilterLogEventsAsync(request with { NextToken = token }, cancellationToken).ConfigureAwait(false);
            var next = Pagination.Next(token, page, page.NextToken, "FilterLogEvents");
            yield return page;
            token = next;
        }
        while (token is not null);
    }

    public async IAsyncEnumerable<LogGroup> LogGroups(
        DescribeLogGroupsRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var token = request.NextToken;
        do
        {
            var page = await _client.DescribeLogGroupsAsync(request with { NextToken = token }, cancellationToken).ConfigureAwait(false);
            foreach (var group in page.LogGroups)
            {
                yield return group;
            }
            token = Pagination.Next(token, page.NextToken, "DescribeLogGroups");
        }
        while (token is not null);
    }

    /// <summary>
    /// Starts an Insights query and polls GetQueryResults every <paramref name="pollInterval"/> until it ends; the
    /// last response carries the rows and the statistics (<c>bytesScanned</c> is what it costs). Cancelled while
    /// running: the query is stopped (best effort) so it stops scanning, and billing, at once.
    /// </summary>
    public async Task<GetQueryResultsResponse> RunQueryAsync(StartQueryRequest request, TimeSpan pollInterval, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        time ??= TimeProvider.System;
        var queryId = (await _client.StartQueryAsync(request, cancellationToken).ConfigureAwait(false)).QueryId;
        try
        {
            while (true)
            {
                var results = await _client.GetQueryResultsAsync(new GetQueryResultsRequest(queryId), cancellationToken).ConfigureAwait(false);
                if (results.IsFinished)
                {
                    return results;
                }
                await Task.Delay(pollInterval, time, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            await StopQuietlyAsync(queryId).ConfigureAwait(false);
            throw;
        }
    }

    private async Task StopQuietlyAsync(string queryId)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _client.StopQueryAsync(new StopQueryRequest(queryId), timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is AwsServiceException or OperationCanceledException)
        {
            // The query may have ended meanwhile; it times out on its own after 60 minutes anyway.
        }
    }
}
