namespace Analytics.Aws.Diagnostics;

/// <summary>
/// Hooks the clients call for every API call, so the exporter can count calls, throttles, retries and failures
/// (SPEC §5 <c>export_runs</c>). Implementations must be thread-safe and cheap.
/// </summary>
public interface IAwsCallObserver
{
    /// <summary>An attempt is about to be sent (every attempt counts as an API call).</summary>
    void OnAttempt(string service, string api);

    /// <summary>An attempt was throttled by the service.</summary>
    void OnThrottled(string service, string api);

    /// <summary>A failed attempt (AWS error code, or ConnectionError / RequestTimeout / TruncatedResponse) will be retried.</summary>
    void OnRetry(string service, string api, string errorCode);

    /// <summary>A call failed for good (after its retries).</summary>
    void OnFailure(string service, string api, string errorCode);
}
