using Analytics.Aws.Retry;

namespace Analytics.Aws;

/// <summary>Settings for the AWS clients (CLI: <c>--region</c>, <c>--profile</c>, <c>--endpoint-url</c>, <c>--max-rps</c>).</summary>
public sealed record AwsClientOptions
{
    /// <summary>Explicit region; else AWS_REGION, AWS_DEFAULT_REGION, then the profile's region.</summary>
    public string? Region { get; init; }

    /// <summary>Named profile of the shared config/credentials files; else the SDK's default chain.</summary>
    public string? Profile { get; init; }

    /// <summary>
    /// One endpoint for every service, as the AWS CLI's <c>--endpoint-url</c> (e.g. the emulator). Else
    /// AWS_ENDPOINT_URL_SFN / AWS_ENDPOINT_URL_LAMBDA / AWS_ENDPOINT_URL, else the regional AWS endpoints.
    /// </summary>
    public Uri? EndpointUrl { get; init; }

    /// <summary>S3's endpoint for an <c>s3://</c> dataset (<c>--s3-endpoint-url</c>, path-style addressing for local
    /// servers); else the regional AWS endpoint.</summary>
    public Uri? S3EndpointUrl { get; init; }

    public RetryOptions Retry { get; init; } = new();

    /// <summary>Client-side pacing: the published AWS quotas (default), or none.</summary>
    public RateLimitMode RateLimits { get; init; } = RateLimitMode.AwsQuotas;

    /// <summary>Requests per second by API (or shared bucket) name, overriding the seeded quota.</summary>
    public IReadOnlyDictionary<string, double>? MaxRequestsPerSecond { get; init; }

    /// <summary>Clock for signing, backoff, rate limiting and renewing assumed-role sessions (tests share a fast one
    /// with the emulator, so sessions expire during a run).</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;
}
