using BenchmarkDotNet.Running;

// `make bench` runs every benchmark in this assembly; pass BenchmarkDotNet's own arguments (e.g. --filter) through.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
