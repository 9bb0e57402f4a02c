namespace Analytics.Emulator.Simulation;

/// <summary>
/// A small, fast, seedable random stream (SplitMix64). Every execution gets its own stream derived from
/// (world seed, resource, index), so any execution can be regenerated alone, in any order, with the same result.
/// </summary>
internal struct SimRandom
{
    private ulong _state;

    public SimRandom(ulong seed) => _state = seed;

    public static SimRandom For(long seed, ulong a, ulong b = 0, ulong c = 0, ulong d = 0) =>
        new(Mix(Mix(Mix(Mix((ulong)seed ^ 0x9E3779B97F4A7C15UL, a), b), c), d));

    public static ulong Mix(ulong h, ulong v)
    {
        h ^= v + 0x9E3779B97F4A7C15UL + (h << 6) + (h >> 2);
        return Finalize(h);
    }

    public static ulong Finalize(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A stable 64-bit hash of a string (FNV-1a then finalized): names become stream keys.</summary>
    public static ulong HashString(string s)
    {
        var h = 0xCBF29CE484222325UL;
        foreach (var ch in s)
        {
            h = (h ^ ch) * 0x100000001B3UL;
        }
        return Finalize(h);
    }

    public ulong NextULong()
    {
        _state += 0x9E3779B97F4A7C15UL;
        return Finalize(_state);
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextULong() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [0, max).</summary>
    public int NextInt(int max) => max <= 1 ? 0 : (int)(NextULong() % (ulong)max);

    public bool Chance(double p) => p > 0 && NextDouble() < p;

    /// <summary>Standard normal (Box-Muller).</summary>
    public double NextNormal()
    {
        var u1 = 1.0 - NextDouble();
        var u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>A forked stream: advances this one once and returns an independent child stream.</summary>
    public SimRandom Fork(ulong salt) => new(Mix(NextULong(), salt));

    /// <summary>32 hex digits shaped like a UUID (8-4-4-4-12), for request ids, callback ids and the like.</summary>
    public string NextUuid()
    {
        var a = NextULong();
        var b = NextULong();
        return $"{(uint)(a >> 32):x8}-{(ushort)(a >> 16):x4}-{(ushort)a:x4}-{(ushort)(b >> 48):x4}-{b & 0xFFFFFFFFFFFFUL:x12}";
    }
}
