using System.Collections.Concurrent;
using System.Diagnostics;

namespace Analytics.Benchmarks;

/// <summary>
/// Wall and process CPU time of every invocation of a pipeline benchmark (warm-up included). On a shared machine the
/// wall time of a one-core job swings with the load; its CPU time does not, and both sides run on one core at a
/// time, so the report gives the best of each beside BenchmarkDotNet's mean.
/// </summary>
internal static class PipelineClock
{
    private static readonly ConcurrentDictionary<string, List<(double Wall, double Cpu)>> s_runs = new();

    public static void Time(string benchmark, Action run)
    {
        var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        run();
        wall.Stop();
        process.Refresh();
        var used = (process.TotalProcessorTime - cpu).TotalSeconds;
        var runs = s_runs.GetOrAdd(benchmark, _ => []);
        lock (runs)
        {
            runs.Add((wall.Elapsed.TotalSeconds, used));
        }
    }

    /// <summary>The recorded (wall, CPU) seconds of a benchmark method, in run order.</summary>
    public static IReadOnlyList<(double Wall, double Cpu)> Runs(string benchmark) =>
        s_runs.TryGetValue(benchmark, out var runs) ? runs : [];
}
