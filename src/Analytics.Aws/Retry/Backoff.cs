namespace Analytics.Aws.Retry;

/// <summary>Full-jitter exponential backoff, and the server's own Retry-After when it sends one.</summary>
public static class Backoff
{
    /// <summary>
    /// The delay before retry number <paramref name="retry"/> (1 for the first retry):
    /// random(0, 1) × min(cap, base × 2^(retry−1)), with the throttling base after a throttle; a server-requested
    /// delay wins when it is longer (bounded by <see cref="RetryOptions.MaxRetryAfter"/>).
    /// </summary>
    public static TimeSpan Compute(int retry, ErrorKind kind, TimeSpan? retryAfter, RetryOptions options, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(retry, 1);
        var baseDelay = kind == ErrorKind.Throttling ? options.ThrottlingBaseDelay : options.BaseDelay;
        var exponent = Math.Min(retry - 1, 30);
        var ceilingMs = Math.Min(options.MaxBackoff.TotalMilliseconds, baseDelay.TotalMilliseconds * Math.Pow(2, exponent));
        var delay = TimeSpan.FromMilliseconds(random.NextDouble() * ceilingMs);
        if (retryAfter is { } requested && requested > delay)
        {
            delay = requested < options.MaxRetryAfter ? requested : options.MaxRetryAfter;
        }

        return delay;
    }
}
