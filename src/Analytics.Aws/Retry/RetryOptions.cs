namespace Analytics.Aws.Retry;

/// <summary>
/// The SDK's "standard" retry mode: full-jitter exponential backoff (base 100 ms, 500 ms after a throttle, capped at
/// 20 s), a client-wide retry quota (500 tokens; a retry costs 5, one after a timeout 10; a success gives 1 back, or the
/// retry's cost when it succeeded on a retry), and <c>Retry-After</c> / <c>x-amz-retry-after</c> honoured.
/// </summary>
public sealed record RetryOptions
{
    /// <summary>Attempts per call including the first (the SDK default is 3; a nightly crawler wants more).</summary>
    public int MaxAttempts { get; init; } = 3;

    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan ThrottlingBaseDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Upper bound for a server-requested <c>Retry-After</c> delay.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromMinutes(5);

    public int QuotaCapacity { get; init; } = 500;

    public int RetryCost { get; init; } = 5;

    public int TimeoutRetryCost { get; init; } = 10;

    public int NoRetryIncrement { get; init; } = 1;

    /// <summary>How long one attempt may take (sending the request and reading the whole body).</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(60);

    public void Validate()
    {
        if (MaxAttempts < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxAttempts), MaxAttempts, "MaxAttempts must be at least 1.");
        }

        if (BaseDelay < TimeSpan.Zero || ThrottlingBaseDelay < TimeSpan.Zero || MaxBackoff < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(BaseDelay), "Retry delays must not be negative.");
        }

        if (QuotaCapacity < 0 || RetryCost < 0 || TimeoutRetryCost < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(QuotaCapacity), "Retry quota figures must not be negative.");
        }

        if (AttemptTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(AttemptTimeout), AttemptTimeout, "AttemptTimeout must be positive.");
        }
    }
}
