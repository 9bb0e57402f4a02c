namespace Analytics.Aws;

/// <summary>
/// A failed AWS call (after retries, when the error was retryable). The message always names the service, the API,
/// the resource and the AWS error code, so a log line or an export report is actionable on its own.
/// </summary>
public class AwsServiceException : Exception
{
    public AwsServiceException(AwsErrorInfo error, Exception? innerException = null)
        : base(Describe(error), innerException)
    {
        Error = error;
    }

    public AwsErrorInfo Error { get; }

    /// <summary>"states" or "lambda".</summary>
    public string Service => Error.Service;

    /// <summary>The API operation, e.g. GetExecutionHistory.</summary>
    public string Api => Error.Api;

    /// <summary>The ARN or name the call was about ("-" for account-wide listings).</summary>
    public string Resource => Error.Resource;

    /// <summary>The AWS error code (e.g. ThrottlingException), or a client-side code such as ConnectionError.</summary>
    public string ErrorCode => Error.ErrorCode;

    /// <summary>The HTTP status, or null when no response arrived.</summary>
    public int? HttpStatus => Error.HttpStatus;

    public string? RequestId => Error.RequestId;

    /// <summary>How many attempts were made before giving up.</summary>
    public int Attempts => Error.Attempts;

    private static string Describe(AwsErrorInfo e)
    {
        var status = e.HttpStatus is { } s ? $"HTTP {s}" : "no response";
        var requestId = e.RequestId is null ? "" : $", request id {e.RequestId}";
        var message = string.IsNullOrEmpty(e.Message) ? "" : $": {e.Message}";
        return $"{e.Service} {e.Api} on {e.Resource} failed with {e.ErrorCode} ({status}{requestId}, {e.Attempts} attempt(s)){message}";
    }
}

/// <summary>What went wrong in one AWS call.</summary>
public sealed record AwsErrorInfo(
    string Service,
    string Api,
    string Resource,
    string ErrorCode,
    int? HttpStatus,
    string? RequestId,
    string? Message,
    int Attempts);

/// <summary>
/// A pagination token (Step Functions nextToken / Lambda Marker) that the service no longer accepts (they expire
/// after 24 h). The listing cannot continue from that token: restart it from the beginning.
/// </summary>
public sealed class PaginationTokenExpiredException : AwsServiceException
{
    public PaginationTokenExpiredException(AwsErrorInfo error)
        : base(error)
    {
    }
}
