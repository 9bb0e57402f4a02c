using System.Net;

namespace Analytics.Emulator.Http;

/// <summary>Which request-rate quotas the endpoint enforces.</summary>
public enum QuotaMode
{
    /// <summary>No quotas: every request is admitted (fault injection still applies).</summary>
    None,

    /// <summary>The published per-API token buckets of Step Functions and Lambda (see aws-wire-facts.md).</summary>
    Aws,
}

/// <summary>Access key and secret the endpoint verifies SigV4 signatures against.</summary>
public sealed record EmulatorCredentials(string AccessKeyId, string SecretAccessKey)
{
    /// <summary>Parses `KEY:SECRET` (the secret may itself contain ':').</summary>
    public static EmulatorCredentials Parse(string value)
    {
        var colon = value.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == value.Length - 1)
        {
            throw new ArgumentException("--credentials must look like KEY:SECRET");
        }
        return new EmulatorCredentials(value[..colon], value[(colon + 1)..]);
    }

    // Never print the secret.
    public override string ToString() => $"{AccessKeyId}:***";
}

/// <summary>How the emulator endpoint listens and which AWS behaviours and faults it plays.</summary>
public sealed class EmulatorOptions
{
    /// <summary>Port to listen on; 0 picks a free one (read the bound address from <see cref="EmulatorServer.Url"/>).</summary>
    public int Port { get; init; }

    /// <summary>Address to bind; loopback unless the operator explicitly asks for another interface.</summary>
    public IPAddress BindAddress { get; init; } = IPAddress.Loopback;

    public QuotaMode Quotas { get; init; } = QuotaMode.None;

    /// <summary>Seed of the fault-injection sequence (and of the pagination-token key).</summary>
    public long Seed { get; init; }

    /// <summary>
    /// Under <see cref="QuotaMode.Aws"/>: the share of each quota bucket's refill another consumer in the account drains
    /// (0..1), so the client meets throttles that slowing down only partly cures.
    /// </summary>
    public double NeighbourShare { get; init; }

    /// <summary>Probability that a request is answered with a throttling error.</summary>
    public double ThrottleRate { get; init; }

    /// <summary>Probability that a request is answered with a 5xx server error.</summary>
    public double ErrorRate { get; init; }

    /// <summary>Probability that the connection is reset instead of answered.</summary>
    public double ResetRate { get; init; }

    /// <summary>Probability that a successful response body is cut mid-JSON (still HTTP 200).</summary>
    public double TruncateRate { get; init; }

    /// <summary>Delay added to every response.</summary>
    public TimeSpan Latency { get; init; }

    /// <summary>How long a pagination token stays valid (AWS: 24 h).</summary>
    public TimeSpan TokenTtl { get; init; } = TimeSpan.FromHours(24);

    /// <summary>When set, SigV4 signatures are verified against these credentials; otherwise only their presence.</summary>
    public EmulatorCredentials? Credentials { get; init; }

    /// <summary>Clock for quotas, token expiry and signature dates (tests inject a manual one).</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>
    /// How many items one page of a filtered listing (statusFilter, Statuses, …) examines at most; past it the page
    /// comes back short, possibly empty, with a token, as AWS may do. Bounds the work per request in huge worlds.
    /// </summary>
    public int FilterScanLimit { get; init; } = 10_000;

    /// <summary>Throws <see cref="ArgumentException"/> with a message naming the bad option.</summary>
    public void Validate()
    {
        if (Port is < 0 or > 65535)
        {
            throw new ArgumentException($"port must be 0..65535 (0 = any free port), got {Port}");
        }
        CheckRate(NeighbourShare, "neighbour-share");
        if (NeighbourShare >= 1)
        {
            throw new ArgumentException("neighbour-share must leave some of each bucket (below 1)");
        }
        CheckRate(ThrottleRate, "throttle-rate");
        CheckRate(ErrorRate, "error-rate");
        CheckRate(ResetRate, "reset-rate");
        CheckRate(TruncateRate, "truncate-rate");
        if (ThrottleRate + ErrorRate + ResetRate + TruncateRate > 1.0 + 1e-9)
        {
            throw new ArgumentException("the fault rates (throttle, error, reset, truncate) must add up to at most 1");
        }
        if (Latency < TimeSpan.Zero || Latency > TimeSpan.FromMinutes(10))
        {
            throw new ArgumentException("latency must be between 0 ms and 10 minutes");
        }
        if (FilterScanLimit < 1)
        {
            throw new ArgumentException("the filter scan limit must be at least 1");
        }
        if (TokenTtl <= TimeSpan.Zero)
        {
            throw new ArgumentException("token-ttl must be positive");
        }
    }

    private static void CheckRate(double rate, string name)
    {
        if (double.IsNaN(rate) || rate < 0 || rate > 1)
        {
            throw new ArgumentException($"{name} must be a probability between 0 and 1, got {rate}");
        }
    }
}
