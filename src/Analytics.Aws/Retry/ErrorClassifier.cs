namespace Analytics.Aws.Retry;

/// <summary>Which AWS error codes and HTTP statuses are retried (the lists the SDKs use; see the wire facts).</summary>
public static class ErrorClassifier
{
    private static readonly HashSet<string> s_throttlingCodes = new(StringComparer.Ordinal)
    {
        "BandwidthLimitExceeded", "EC2ThrottledException", "LimitExceededException", "PriorRequestNotComplete",
        "ProvisionedThroughputExceededException", "RequestLimitExceeded", "RequestThrottled",
        "RequestThrottledException", "SlowDown", "ThrottledException", "Throttling", "ThrottlingException",
        "TooManyRequestsException", "TransactionInProgressException",
    };

    private static readonly HashSet<string> s_transientCodes = new(StringComparer.Ordinal)
    {
        "TimeoutError", "RequestTimeout", "RequestTimeoutException",
    };

    /// <summary>Classifies an error response by its AWS error code and HTTP status.</summary>
    public static ErrorKind Classify(string errorCode, int httpStatus)
    {
        if (s_throttlingCodes.Contains(errorCode) || httpStatus == 429)
        {
            return ErrorKind.Throttling;
        }

        if (s_transientCodes.Contains(errorCode) || httpStatus is 500 or 502 or 503 or 504)
        {
            return ErrorKind.Transient;
        }

        return ErrorKind.NonRetryable;
    }

    public static bool IsThrottlingCode(string errorCode) => s_throttlingCodes.Contains(errorCode);
}
