using System.Globalization;
using Analytics.Emulator.Simulation.Sfn;
using Analytics.Emulator.World;

namespace Analytics.Emulator.Simulation.Logs;

/// <summary>
/// One EXPRESS execution as its log group holds it: its events, the stream they went to and when each was ingested.
/// The delivery delay is drawn once per execution (events arrive in order); a late event gets an extra delay, so it
/// arrives after later events of the same execution.
/// </summary>
internal sealed class LoggedExecution
{
    public LoggedExecution(string arn, ExecutionTimeline timeline, LogSource source, long seed, ulong streamKey)
    {
        Arn = arn;
        Timeline = timeline;
        Source = source;
        Key = SimRandom.HashString(arn);
        var rng = SimRandom.For(seed, Key, 0x1065);
        var spec = source.Spec;
        var delay = LatencySampler.SampleMs(spec.DeliveryDelay, ref rng, 2_000, 20_000);
        Ingestion = new long[timeline.Events.Length];
        for (var i = 0; i < Ingestion.Length; i++)
        {
            var late = rng.Chance(spec.LateProbability) ? LatencySampler.SampleMs(spec.LateDelay, ref rng, 300_000, 3_600_000) : 0;
            Ingestion[i] = timeline.Events[i].TimeMs + delay + late;
        }
        Stream = StreamName(source.Model.Name, timeline.StartMs, seed, streamKey, Key);
    }

    /// <summary>Streams rotate every 10 minutes; two shards per period, so several executions share a stream.</summary>
    public const long StreamPeriodMs = 600_000;

    public string Arn { get; }

    public ExecutionTimeline Timeline { get; }

    public LogSource Source { get; }

    public ulong Key { get; }

    public long[] Ingestion { get; }

    public string Stream { get; }

    /// <summary>`states/&lt;name&gt;/&lt;YYYY-MM-DD-HH-MM&gt;/&lt;8 hex&gt;` (aws-wire-facts-logs §1, seen in samples).</summary>
    private static string StreamName(string machine, long startMs, long seed, ulong groupKey, ulong executionKey)
    {
        var period = startMs / StreamPeriodMs * StreamPeriodMs;
        var shard = (uint)SimRandom.For(seed, groupKey, (ulong)period, executionKey % 2).NextULong();
        var time = DateTimeOffset.FromUnixTimeMilliseconds(period).ToString("yyyy-MM-dd-HH-mm", CultureInfo.InvariantCulture);
        return $"states/{machine}/{time}/{shard:x8}";
    }
}

/// <summary>A state machine delivering to a group, with its logging settings.</summary>
internal sealed class LogSource(StateMachineModel model, LoggingSpec spec)
{
    public StateMachineModel Model { get; } = model;

    public LoggingSpec Spec { get; } = spec;
}
