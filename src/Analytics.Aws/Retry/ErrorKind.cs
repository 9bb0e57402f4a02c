namespace Analytics.Aws.Retry;

/// <summary>How a failed attempt is treated by the retry strategy.</summary>
public enum ErrorKind
{
    /// <summary>Not retried (a client error such as ResourceNotFoundException).</summary>
    NonRetryable,

    /// <summary>Throttled: retried with the longer base delay, and the rate limiter slows down.</summary>
    Throttling,

    /// <summary>5xx, connection reset, truncated or invalid body: retried.</summary>
    Transient,

    /// <summary>The attempt timed out: retried at a higher quota cost.</summary>
    Timeout,
}
