using System.Globalization;
using BenchmarkDotNet.Reports;

namespace Analytics.Benchmarks;

/// <summary>Prints the SPEC §8 figures of a <see cref="FlattenerBenchmarks"/> run: events/s, the ratio to the token
/// scan measured in the same run, and allocated bytes per event.</summary>
public static class FlattenerReport
{
    public static void Print(Summary summary)
    {
        PrintFlattener(summary);
        PrintPipeline(summary);
    }

    private static void PrintPipeline(Summary summary)
    {
        var reports = summary.Reports.Where(r => r.BenchmarkCase.Descriptor.Type == typeof(ParquetPipelineBenchmarks) && r.ResultStatistics is not null).ToList();
        if (reports.Count == 0)
        {
            return;
        }
        var corpus = ParquetPipelineBenchmarks.Corpus;
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"JSON pages → Parquet ({corpus.Executions:N0} executions, {corpus.Events:N0} events, {corpus.Bytes.Length / 1e6:F1} MB, one thread at a time each side; ratios to the baseline of the same category):"));
        foreach (var report in reports)
        {
            // Each category has its own baseline (the same columns written on both sides).
            var categories = report.BenchmarkCase.Descriptor.Categories;
            var baseline = reports.FirstOrDefault(r => r.BenchmarkCase.Descriptor.Baseline && r.BenchmarkCase.Descriptor.Categories.SequenceEqual(categories));
            if (baseline is null)
            {
                continue;
            }
            var baseRuns = PipelineClock.Runs(baseline.BenchmarkCase.Descriptor.WorkloadMethod.Name);
            var runs = PipelineClock.Runs(report.BenchmarkCase.Descriptor.WorkloadMethod.Name);
            var times = string.Join(" ", runs.Select(r => r.Wall.ToString("F1", CultureInfo.InvariantCulture)));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  [{string.Join(",", categories)}] {report.BenchmarkCase.Descriptor.WorkloadMethodDisplayInfo,-62} mean {report.ResultStatistics!.Mean / 1e9,6:F2} s "
                + $"{baseline.ResultStatistics!.Mean / report.ResultStatistics.Mean,5:F2}×"
                + $" | best wall {Best(runs, r => r.Wall),6:F2} s {Best(baseRuns, r => r.Wall) / Best(runs, r => r.Wall),5:F2}×"
                + $" | best CPU {Best(runs, r => r.Cpu),6:F2} s {Best(baseRuns, r => r.Cpu) / Best(runs, r => r.Cpu),5:F2}×"
                + $" | runs (s): {times}"));
        }
    }

    private static double Best(IReadOnlyList<(double Wall, double Cpu)> runs, Func<(double Wall, double Cpu), double> value) =>
        runs.Count == 0 ? double.NaN : runs.Min(value);

    private static void PrintFlattener(Summary summary)
    {
        var reports = summary.Reports.Where(r => r.BenchmarkCase.Descriptor.Type == typeof(FlattenerBenchmarks) && r.ResultStatistics is not null).ToList();
        if (reports.Count == 0)
        {
            return;
        }
        var corpus = FlattenerBenchmarks.Corpus;
        double EventsPerSecond(BenchmarkReport r) => corpus.Events / (r.ResultStatistics!.Mean / 1e9);
        var baseline = reports.FirstOrDefault(r => r.BenchmarkCase.Descriptor.Baseline);
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Flattener corpus: {corpus.Executions:N0} executions, {corpus.Events:N0} events, {corpus.Bytes.Length / 1e6:F1} MB of pages"));
        foreach (var report in reports)
        {
            var perSecond = EventsPerSecond(report);
            var ratio = baseline is null ? double.NaN : perSecond / EventsPerSecond(baseline);
            var allocated = report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase) ?? 0;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {report.BenchmarkCase.Descriptor.WorkloadMethodDisplayInfo,-50} {perSecond / 1e6,8:F2} M events/s  {ratio,6:F2}× token scan  {allocated / (double)corpus.Events,10:F3} B allocated/event  ({corpus.Bytes.Length / (report.ResultStatistics!.Mean / 1e9) / 1e6:F0} MB/s)"));
        }
    }
}
