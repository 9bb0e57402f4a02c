using System.Diagnostics;

namespace Analytics.Benchmarks;

/// <summary>
/// `--profile METHOD…`: runs pipeline benchmark methods once each in this process (no BenchmarkDotNet jobs), printing
/// wall and CPU seconds, bytes allocated and gen-2 collections: a quick look, or a run under a profiler.
/// </summary>
internal static class ProfileRun
{
    public static void Run(string[] names)
    {
        var bench = new ParquetPipelineBenchmarks();
        _ = ParquetPipelineBenchmarks.Corpus;
        bench.Setup();
        try
        {
            foreach (var name in names)
            {
                var method = typeof(ParquetPipelineBenchmarks).GetMethod(name)!;
                var process = Process.GetCurrentProcess();
                var cpu = process.TotalProcessorTime;
                var allocated = GC.GetTotalAllocatedBytes(precise: true);
                var gcs = GC.CollectionCount(2);
                var wall = Stopwatch.StartNew();
                method.Invoke(bench, null);
                wall.Stop();
                process.Refresh();
                Console.WriteLine($"{name}: wall {wall.Elapsed.TotalSeconds:F2} s, cpu {(process.TotalProcessorTime - cpu).TotalSeconds:F2} s, alloc {(GC.GetTotalAllocatedBytes(precise: true) - allocated) / 1e6:F0} MB, gen2 {GC.CollectionCount(2) - gcs}");
                bench.RemoveOutput();
            }
        }
        finally
        {
            bench.Cleanup();
        }
    }
}
