using Analytics.Benchmarks;
using BenchmarkDotNet.Running;

// `make bench` runs every benchmark in this assembly; pass BenchmarkDotNet's own arguments (e.g. --filter) through.
foreach (var summary in BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args))
{
    FlattenerReport.Print(summary);
}
