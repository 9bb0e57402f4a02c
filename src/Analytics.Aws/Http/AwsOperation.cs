using Analytics.Aws.Retry;

namespace Analytics.Aws.Http;

/// <summary>One API of a service as the executor needs it: its name and its (optional) rate limiter.</summary>
internal sealed record AwsOperation(string Api, AdaptiveRateLimiter? Limiter);
