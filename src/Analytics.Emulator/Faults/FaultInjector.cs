namespace Analytics.Emulator.Faults;

/// <summary>What the endpoint does to one request instead of (or on top of) answering it normally.</summary>
public enum FaultKind
{
    None,
    Throttle,
    ServerError,
    Reset,
    Truncate,
}

/// <summary>A decision for one request; <see cref="CutFraction"/> says where a truncated body is cut (0..1).</summary>
public readonly record struct Fault(FaultKind Kind, double CutFraction);

/// <summary>
/// Seeded, reproducible fault injection: the n-th request the endpoint admits gets a decision that depends only on
/// (seed, n), so a client that sends the same requests in the same order sees the same faults. One uniform draw
/// per request is split into consecutive ranges, so each rate is exact on its own (rates add up to at most 1).
/// </summary>
public sealed class FaultInjector(long seed, double resetRate, double throttleRate, double errorRate, double truncateRate)
{
    private long _requests;

    public bool Enabled => resetRate + throttleRate + errorRate + truncateRate > 0;

    public Fault Next()
    {
        if (!Enabled)
        {
            return default;
        }
        var n = Interlocked.Increment(ref _requests);
        var draw = Uniform(seed, n, 0);
        var kind = FaultKind.None;
        if ((draw -= resetRate) < 0)
        {
            kind = FaultKind.Reset;
        }
        else if ((draw -= throttleRate) < 0)
        {
            kind = FaultKind.Throttle;
        }
        else if ((draw -= errorRate) < 0)
        {
            kind = FaultKind.ServerError;
        }
        else if ((draw -= truncateRate) < 0)
        {
            kind = FaultKind.Truncate;
        }
        return new Fault(kind, Uniform(seed, n, 1));
    }

    /// <summary>A uniform double in [0, 1) from (seed, n, salt) via the SplitMix64 finalizer.</summary>
    private static double Uniform(long seed, long n, int salt)
    {
        var x = unchecked(Mix((ulong)seed) ^ (ulong)n ^ ((ulong)salt * 0x9E3779B97F4A7C15UL));
        return (Mix(x) >> 11) * (1.0 / (1UL << 53));
    }

    private static ulong Mix(ulong x)
    {
        x = unchecked(x + 0x9E3779B97F4A7C15UL);
        x = unchecked((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL);
        x = unchecked((x ^ (x >> 27)) * 0x94D049BB133111EBUL);
        return x ^ (x >> 31);
    }
}
