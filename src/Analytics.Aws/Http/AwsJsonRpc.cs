using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Analytics.Aws.Http;

/// <summary>
/// The awsJson1_0 / awsJson1_1 call shape shared by Step Functions and CloudWatch Logs: <c>POST /</c> with the
/// operation in <c>X-Amz-Target</c> and the request as a JSON body, sent through the service's executor.
/// </summary>
internal sealed class AwsJsonRpc
{
    private readonly AwsRequestExecutor _executor;
    private readonly Uri _endpoint;
    private readonly string _contentType;
    private readonly string _targetPrefix;
    private readonly IReadOnlyDictionary<string, AwsOperation> _operations;

    public AwsJsonRpc(AwsRequestExecutor executor, Uri endpoint, string contentType, string targetPrefix, IReadOnlyDictionary<string, AwsOperation> operations)
    {
        _executor = executor;
        _endpoint = new Uri(endpoint, "/");
        _contentType = contentType;
        _targetPrefix = targetPrefix;
        _operations = operations;
    }

    /// <summary>A call whose response is deserialized with <paramref name="responseInfo"/>.</summary>
    public Task<TResponse> CallAsync<TRequest, TResponse>(
        string api,
        string resource,
        TRequest request,
        JsonTypeInfo<TRequest> requestInfo,
        JsonTypeInfo<TResponse> responseInfo,
        bool sendsToken,
        CancellationToken cancellationToken) =>
        SendAsync(
            api,
            resource,
            JsonSerializer.SerializeToUtf8Bytes(request, requestInfo),
            buffer => JsonSerializer.Deserialize(buffer.Span, responseInfo) ?? throw new JsonException("The response body is null."),
            sendsToken,
            cancellationToken);

    /// <summary>A call whose response body <paramref name="readBody"/> takes as it is (raw pages).</summary>
    public Task<T> SendAsync<T>(string api, string resource, byte[] body, Func<PooledBuffer, T> readBody, bool sendsToken, CancellationToken cancellationToken) =>
        _executor.SendAsync(_operations[api], resource, () => CreateRequest(api, body), readBody, sendsToken, cancellationToken);

    private HttpRequestMessage CreateRequest(string api, byte[] body)
    {
        var message = new HttpRequestMessage(HttpMethod.Post, _endpoint) { Content = new PayloadContent(body, _contentType) };
        message.Headers.TryAddWithoutValidation("X-Amz-Target", _targetPrefix + api);
        return message;
    }
}
