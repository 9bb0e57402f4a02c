using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Analytics.Core.Columns;
using Analytics.Core.Output;
using Analytics.Core.StepFunctions;
using Analytics.Emulator.Simulation.Sfn;
using Analytics.Emulator.World;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Analytics.Benchmarks;

/// <summary>
/// EXPRESS histories: the same executions (the default world's closed STANDARD ones, up to <see cref="Executions"/>)
/// flattened from GetExecutionHistory pages (the baseline) and from their CloudWatch Logs lines, one message per event
/// as the emulator's log groups serve them. Target: the same order of events/s.
/// </summary>
[Config(typeof(Config))]
[MemoryDiagnoser]
public class LogFlattenerBenchmarks
{
    public const int Executions = 20_000;

    private readonly List<(string Arn, byte[] Page, byte[][] Lines)> _corpus = [];
    private ExecutionHistoryFlattener _flattener = null!;

    [GlobalSetup]
    public void Setup()
    {
        var world = WorldLoader.Load(Path.Combine(HistoryFetchBenchmarks.RepoRoot(), "sample-data", "worlds", "default.json"), seed: 7, new DateTimeOffset(2026, 11, 22, 22, 0, 0, TimeSpan.Zero));
        var buffer = new ArrayBufferWriter<byte>();
        var options = new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        foreach (var model in world.Models.Where(m => !m.IsExpress))
        {
            for (long i = 0; i < world.VisibleCount(model) && _corpus.Count < Executions; i++)
            {
                var events = world.Timeline(model, i).Events;
                if (events[^1].TimeMs > world.NowMs)
                {
                    continue;
                }
                var arn = $"arn:aws:states:us-east-1:123456789012:express:{model.Name}:run-{i}:0";
                buffer.ResetWrittenCount();
                using (var w = new Utf8JsonWriter(buffer, options))
                {
                    w.WriteStartObject();
                    w.WriteStartArray("events");
                    foreach (var e in events)
                    {
                        SfnEventWriter.Write(w, e, includeData: false);
                    }
                    w.WriteEndArray();
                    w.WriteEndObject();
                }
                var page = buffer.WrittenSpan.ToArray();
                var lines = events.Select(e =>
                {
                    buffer.ResetWrittenCount();
                    using (var w = new Utf8JsonWriter(buffer, options))
                    {
                        SfnEventWriter.WriteLogMessage(w, e, includeData: false, arn, redriveCount: 0);
                    }
                    return buffer.WrittenSpan.ToArray();
                }).ToArray();
                _corpus.Add((arn, page, lines));
            }
        }
        _flattener = new ExecutionHistoryFlattener(ExecutionHistoryFlattener.CreateOutput(new DroppingSink()));
        ApiPages();
        LogLines();
    }

    [GlobalCleanup]
    public void Cleanup() => _flattener.Dispose();

    /// <summary>
    /// `--log-rate` (eng/bench-export.sh): events/s through each path over the same corpus, best of five passes each,
    /// measured alternately in one process, so the ratio holds on a loaded machine.
    /// </summary>
    public static void PrintRates()
    {
        var bench = new LogFlattenerBenchmarks();
        bench.Setup();
        double api = 0, logs = 0;
        long events = 0;
        for (var pass = 0; pass < 5; pass++)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            events = bench.ApiPages();
            api = Math.Max(api, events / clock.Elapsed.TotalSeconds);
            clock.Restart();
            events = bench.LogLines();
            logs = Math.Max(logs, events / clock.Elapsed.TotalSeconds);
        }
        bench.Cleanup();
        Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"flattener, {bench._corpus.Count:N0} executions ({events:N0} events): CloudWatch Logs lines {logs:N0} events/s vs GetExecutionHistory pages {api:N0} events/s = {logs / api:F2}x (target: the same order, >= 0.1x)"));
    }

    [Benchmark(Baseline = true, Description = "GetExecutionHistory pages")]
    public long ApiPages()
    {
        long events = 0;
        foreach (var (arn, page, _) in _corpus)
        {
            _flattener.BeginExecution(arn);
            _flattener.AddPage(page);
            events += _flattener.EndExecution().EventCount;
        }
        return events;
    }

    [Benchmark(Description = "CloudWatch Logs lines")]
    public long LogLines()
    {
        long events = 0;
        foreach (var (arn, _, lines) in _corpus)
        {
            _flattener.BeginExecution(arn);
            foreach (var line in lines)
            {
                _flattener.AddLogEvent(line);
            }
            events += _flattener.EndExecution().EventCount;
        }
        return events;
    }

    private sealed class Config : ManualConfig
    {
        public Config() => AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance).WithId("ShortRun-InProcess"));
    }

    private sealed class DroppingSink : IBatchSink
    {
        public void Write(ColumnBatch batch)
        {
        }
    }
}
