namespace Analytics.Aws.Retry;

/// <summary>How the client paces its own requests.</summary>
public enum RateLimitMode
{
    /// <summary>Per-bucket adaptive limiters seeded with the published AWS quotas (the default).</summary>
    AwsQuotas,

    /// <summary>No client-side pacing (an endpoint without quotas, e.g. the emulator with <c>--quotas none</c>); retries still apply.</summary>
    None,
}
