using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("Analytics.Emulator.Tests")]
[assembly: InternalsVisibleTo("Analytics.Benchmarks")]
