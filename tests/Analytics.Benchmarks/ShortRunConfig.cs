using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Analytics.Benchmarks;

/// <summary>The flattener benchmarks' job: in-process (no generated project to build) and short, since each corpus is
/// big enough to average over.</summary>
internal sealed class ShortRunConfig : ManualConfig
{
    public ShortRunConfig() => AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance).WithId("ShortRun-InProcess"));
}
