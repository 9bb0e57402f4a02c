using Analytics.Benchmarks;
using BenchmarkDotNet.Running;

if (args is ["--log-rate"])
{
    LogFlattenerBenchmarks.PrintRates();
    return;
}

if (args is ["--profile", .. var names])
{
    ProfileRun.Run(names);
    return;
}

// `make bench` runs every benchmark in this assembly; pass BenchmarkDotNet's own arguments (e.g. --filter) through.
foreach (var summary in BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args))
{
    FlattenerReport.Print(summary);
}
