using System.Buffers;
using Analytics.Aws.Http;

namespace Analytics.Aws;

/// <summary>
/// One raw history page (GetExecutionHistory, GetDurableExecutionHistory or GetDurableExecutionState): the response
/// JSON exactly as AWS sent it, for the flattener, plus the continuation token. The bytes live in a pooled array:
/// dispose the page once the flattener is done with it, and do not keep <see cref="Json"/> beyond that.
/// </summary>
public sealed class HistoryPage : IDisposable
{
    private byte[]? _array;
    private readonly int _length;

    internal HistoryPage(byte[] array, int length, string? nextToken)
    {
        _array = array;
        _length = length;
        NextToken = nextToken;
    }

    /// <summary>The whole response body (a JSON object with <c>events</c>/<c>Events</c>/<c>Operations</c>).</summary>
    public ReadOnlyMemory<byte> Json => new(_array ?? throw new ObjectDisposedException(nameof(HistoryPage)), 0, _length);

    /// <summary>Step Functions <c>nextToken</c> or Lambda <c>NextMarker</c>; null on the last page.</summary>
    public string? NextToken { get; }

    /// <summary>
    /// Takes over a response buffer after checking the JSON is complete (a truncated page throws
    /// <see cref="System.Text.Json.JsonException"/>, which the executor retries) and reading the continuation token.
    /// </summary>
    internal static HistoryPage FromResponse(PooledBuffer buffer, ReadOnlySpan<byte> tokenMember)
    {
        var token = JsonScan.ValidateAndFindTopLevelString(buffer.Span, tokenMember);
        var length = buffer.Length;
        return new HistoryPage(buffer.Detach(), length, token);
    }

    public void Dispose()
    {
        var array = Interlocked.Exchange(ref _array, null);
        if (array is not null)
        {
            ArrayPool<byte>.Shared.Return(array);
        }
    }
}
