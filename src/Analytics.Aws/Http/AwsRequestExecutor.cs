using System.Net.Sockets;
using System.Text.Json;
using Analytics.Aws.Diagnostics;
using Analytics.Aws.Retry;
using Microsoft.Extensions.Logging;

namespace Analytics.Aws.Http;

/// <summary>
/// Sends one API call with the standard retry strategy: paces each attempt through the API's adaptive limiter,
/// reads the whole body into a pooled buffer, turns error responses, connection failures, timeouts and truncated
/// bodies into classified failures, and retries the retryable ones within the attempt bound and the retry quota.
/// </summary>
internal sealed partial class AwsRequestExecutor
{
    private readonly string _service;
    private readonly AwsProtocol _protocol;
    private readonly HttpClient _http;
    private readonly RetryOptions _retry;
    private readonly RetryQuota _quota;
    private readonly Random _random;
    private readonly TimeProvider _time;
    private readonly IAwsCallObserver _observer;
    private readonly ILogger _logger;

    public AwsRequestExecutor(
        string service,
        AwsProtocol protocol,
        HttpClient http,
        RetryOptions retry,
        RetryQuota quota,
        Random random,
        TimeProvider time,
        IAwsCallObserver observer,
        ILogger logger)
    {
        _service = service;
        _protocol = protocol;
        _http = http;
        _retry = retry;
        _quota = quota;
        _random = random;
        _time = time;
        _observer = observer;
        _logger = logger;
    }

    public string Service => _service;

    /// <summary>
    /// Runs the call. <paramref name="createRequest"/> builds a fresh message per attempt; <paramref name="readBody"/>
    /// turns a 2xx body into the result (it may take ownership of the buffer's array) and throws
    /// <see cref="JsonException"/> when the body does not parse.
    /// </summary>
    public async Task<T> SendAsync<T>(
        AwsOperation operation,
        string resource,
        Func<HttpRequestMessage> createRequest,
        Func<PooledBuffer, T> readBody,
        bool sendsPaginationToken,
        CancellationToken cancellationToken)
    {
        var invocationId = Guid.NewGuid().ToString();
        var lastRetryCost = 0;
        for (var attempt = 1; ; attempt++)
        {
            if (operation.Limiter is { } limiter)
            {
                await limiter.AcquireAsync(cancellationToken).ConfigureAwait(false);
            }

            _observer.OnAttempt(_service, operation.Api);
            var outcome = await AttemptAsync(operation, resource, createRequest, readBody, invocationId, attempt, cancellationToken).ConfigureAwait(false);
            if (outcome.Failure is not { } failure)
            {
                operation.Limiter?.OnSuccess();
                _quota.Release(lastRetryCost > 0 ? lastRetryCost : _retry.NoRetryIncrement);
                return outcome.Result!;
            }

            if (failure.Kind == ErrorKind.Throttling)
            {
                _observer.OnThrottled(_service, operation.Api);
                if (operation.Limiter is { } throttled)
                {
                    throttled.OnThrottle();
                    AwsLog.RateCut(_logger, _service, throttled.Name, throttled.CurrentRate);
                }
            }

            if (failure.ExpiredToken && sendsPaginationToken)
            {
                throw Fail(operation, resource, failure, attempt, expiredToken: true);
            }

            if (failure.Kind == ErrorKind.NonRetryable || attempt >= _retry.MaxAttempts)
            {
                throw Fail(operation, resource, failure, attempt, expiredToken: false);
            }

            var cost = failure.Kind == ErrorKind.Timeout ? _retry.TimeoutRetryCost : _retry.RetryCost;
            if (!_quota.TryAcquire(cost))
            {
                AwsLog.QuotaExhausted(_logger, _service, operation.Api, resource, attempt, failure.Code);
                throw Fail(operation, resource, failure, attempt, expiredToken: false);
            }

            lastRetryCost = cost;
            TimeSpan delay;
            lock (_random)
            {
                // An injected Random need not be thread-safe; concurrent calls share it.
                delay = Backoff.Compute(attempt, failure.Kind, failure.RetryAfter, _retry, _random);
            }

            _observer.OnRetry(_service, operation.Api, failure.Code);
            AwsLog.Retrying(_logger, _service, operation.Api, resource, failure.Code, failure.Status, attempt, _retry.MaxAttempts, (long)delay.TotalMilliseconds);
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<Outcome<T>> AttemptAsync<T>(
        AwsOperation operation,
        string resource,
        Func<HttpRequestMessage> createRequest,
        Func<PooledBuffer, T> readBody,
        string invocationId,
        int attempt,
        CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_retry.AttemptTimeout);
        var started = _time.GetTimestamp();
        try
        {
            using var request = createRequest();
            request.Headers.TryAddWithoutValidation("amz-sdk-invocation-id", invocationId);
            request.Headers.TryAddWithoutValidation("amz-sdk-request", $"attempt={attempt}; max={_retry.MaxAttempts}");
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            var stream = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
            using var body = await PooledBuffer.ReadAsync(stream, response.Content.Headers.ContentLength, timeout.Token).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            AwsLog.CallCompleted(_logger, _service, operation.Api, resource, status, (long)_time.GetElapsedTime(started).TotalMilliseconds, attempt);
            if (status is >= 200 and < 300)
            {
                return ReadSuccess(body, readBody, status, ErrorResponseParser.RequestId(response));
            }

            return Outcome<T>.Failed(ErrorFrom(response, body.Span, status));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Outcome<T>.Failed(new Failure(ErrorKind.Timeout, "RequestTimeout", null, null,
                $"no complete response within {_retry.AttemptTimeout.TotalSeconds:F0} s", null, false));
        }
        catch (Exception e) when (e is HttpRequestException or IOException or SocketException)
        {
            return Outcome<T>.Failed(new Failure(ErrorKind.Transient, "ConnectionError", null, null, e.Message, null, false));
        }
    }

    private static Outcome<T> ReadSuccess<T>(PooledBuffer body, Func<PooledBuffer, T> readBody, int status, string? requestId)
    {
        try
        {
            return Outcome<T>.Succeeded(readBody(body));
        }
        catch (JsonException e)
        {
            // A cut-off or garbled body is a transport fault worth retrying; complete JSON that does not fit the
            // model is a deterministic incompatibility that a retry would not fix.
            return JsonScan.IsCompleteJson(body.Span)
                ? Outcome<T>.Failed(new Failure(ErrorKind.NonRetryable, "DeserializationError", status, requestId, e.Message, null, false))
                : Outcome<T>.Failed(new Failure(ErrorKind.Transient, "TruncatedResponse", status, requestId, "the response body is not complete JSON", null, false));
        }
    }

    private Failure ErrorFrom(HttpResponseMessage response, ReadOnlySpan<byte> body, int status)
    {
        var (code, message) = ErrorResponseParser.CodeAndMessage(_protocol, response, body);
        var kind = ErrorClassifier.Classify(code, status);
        var retryAfter = ErrorResponseParser.RetryAfter(response, _time.GetUtcNow());
        return new Failure(kind, code, status, ErrorResponseParser.RequestId(response), message, retryAfter, IsExpiredToken(code, message));
    }

    /// <summary>
    /// Step Functions says <c>InvalidToken</c>; Lambda rejects a stale Marker with InvalidParameterValueException whose
    /// message names the marker; CloudWatch Logs an InvalidParameterException naming the nextToken.
    /// </summary>
    private bool IsExpiredToken(string code, string? message) => _protocol switch
    {
        AwsProtocol.AwsJson10 => code == "InvalidToken",
        AwsProtocol.AwsJson11 => code == "InvalidParameterException" && message is not null
            && message.Contains("nextToken", StringComparison.OrdinalIgnoreCase),
        _ => code == "InvalidParameterValueException" && message is not null
            && (message.Contains("marker", StringComparison.OrdinalIgnoreCase) || message.Contains("pagination token", StringComparison.OrdinalIgnoreCase)),
    };

    private AwsServiceException Fail(AwsOperation operation, string resource, Failure failure, int attempts, bool expiredToken)
    {
        _observer.OnFailure(_service, operation.Api, failure.Code);
        AwsLog.Failed(_logger, _service, operation.Api, resource, failure.Code, failure.Status, attempts);
        var info = new AwsErrorInfo(_service, operation.Api, resource, failure.Code, failure.Status, failure.RequestId, failure.Message, attempts);
        return expiredToken ? new PaginationTokenExpiredException(info) : new AwsServiceException(info);
    }

    private sealed record Failure(
        ErrorKind Kind,
        string Code,
        int? Status,
        string? RequestId,
        string? Message,
        TimeSpan? RetryAfter,
        bool ExpiredToken);

    private readonly record struct Outcome<T>(T? Result, Failure? Failure)
    {
        public static Outcome<T> Succeeded(T result) => new(result, null);

        public static Outcome<T> Failed(Failure failure) => new(default, failure);
    }
}
