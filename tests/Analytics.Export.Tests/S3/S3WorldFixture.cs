using System.Diagnostics;
using Analytics.Export.Tests.Support;

namespace Analytics.Export.Tests.S3;

/// <summary>
/// The world the S3 export tests run on: the small world in the test suite; the whole default world with
/// <c>S3_WORLD=default</c> (<c>eng/s3-kill-storm.sh</c>, minutes rather than seconds).
/// </summary>
public sealed class S3WorldFixture : SmallWorldFixture, IAsyncLifetime
{
    private static readonly bool Default = Environment.GetEnvironmentVariable("S3_WORLD") == "default";

    public S3WorldFixture()
        : base(Default ? TestWorlds.Default() : TestWorlds.Small(days: 1))
    {
    }

    /// <summary>How long the reference's local export took (the storm's log compares the S3 runs with it).</summary>
    internal TimeSpan ReferenceTime { get; private set; }

    async Task IAsyncLifetime.InitializeAsync()
    {
        var started = Stopwatch.StartNew();
        await InitializeAsync();
        ReferenceTime = started.Elapsed;
    }

    /// <summary>Executions per chunk. The storm kills each run after it has committed 1-3 chunks, so the world must hold
    /// more chunks than its kills take: the small world's ~420 executions make ~21 chunks of 20, and its 3 kills take 6
    /// (this seed's draws: 2, 1, 3).</summary>
    internal static int ChunkExecutions => Default ? 100 : 20;

    /// <summary>How long a whole run may take before it counts as hung: at a load average of 50 on 2 cores the default
    /// world's S3 export took 13.7 min, the small world's over 3 min beside the rest of the suite.</summary>
    internal static TimeSpan RunTimeout => Default ? TimeSpan.FromMinutes(40) : TimeSpan.FromMinutes(10);
}
