using Microsoft.Extensions.Logging;

namespace Analytics.Aws.Diagnostics;

/// <summary>
/// The clients' log messages. They carry API, resource, status, latency and attempt numbers only: never
/// credentials, signatures, tokens or payloads.
/// </summary>
internal static partial class AwsLog
{
    [LoggerMessage(EventId = 5001, Level = LogLevel.Debug,
        Message = "{Service} {Api} {Resource}: HTTP {Status} in {ElapsedMs} ms (attempt {Attempt})")]
    public static partial void CallCompleted(ILogger logger, string service, string api, string resource, int status, long elapsedMs, int attempt);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Debug,
        Message = "{Service} {Api} {Resource}: {ErrorCode} (HTTP {Status}) on attempt {Attempt}/{MaxAttempts}; retrying in {DelayMs} ms")]
    public static partial void Retrying(ILogger logger, string service, string api, string resource, string errorCode, int? status, int attempt, int maxAttempts, long delayMs);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Debug,
        Message = "{Service} {Api} {Resource}: {ErrorCode} (HTTP {Status}) after {Attempts} attempt(s); giving up")]
    public static partial void Failed(ILogger logger, string service, string api, string resource, string errorCode, int? status, int attempts);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Debug,
        Message = "{Service} rate limiter {Bucket} throttled: rate now {Rate:F2} req/s")]
    public static partial void RateCut(ILogger logger, string service, string bucket, double rate);

    [LoggerMessage(EventId = 5005, Level = LogLevel.Debug,
        Message = "{Service} {Api} {Resource}: retry quota exhausted after attempt {Attempt}; not retrying {ErrorCode}")]
    public static partial void QuotaExhausted(ILogger logger, string service, string api, string resource, int attempt, string errorCode);
}
