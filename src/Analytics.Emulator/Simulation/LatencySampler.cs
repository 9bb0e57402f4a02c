using Analytics.Emulator.World;

namespace Analytics.Emulator.Simulation;

/// <summary>Draws durations from a <see cref="LatencySpec"/>: fixed, uniform, or log-normal from a median and a p99.</summary>
internal static class LatencySampler
{
    private const double Z99 = 2.3263478740408408;

    public static long SampleMs(LatencySpec? spec, ref SimRandom rng, double defaultMedianMs, double defaultP99Ms)
    {
        if (spec?.FixedMs is { } fixedMs)
        {
            return (long)fixedMs;
        }
        if (spec?.MinMs is { } min && spec.MaxMs is { } max)
        {
            return (long)(min + (max - min) * rng.NextDouble());
        }
        var median = spec?.MedianMs ?? defaultMedianMs;
        var p99 = Math.Max(spec?.P99Ms ?? Math.Max(defaultP99Ms, median), median);
        var sigma = Math.Log(p99 / median) / Z99;
        return Math.Max(1, (long)(median * Math.Exp(sigma * rng.NextNormal())));
    }
}
