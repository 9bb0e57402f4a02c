using System.Globalization;
using Analytics.Emulator.World;

namespace Analytics.Emulator.Simulation.Truth;

/// <summary>The weekly report's headline figures for one ISO week: top-level STANDARD executions (Map Run children
/// left out) started in the week, pooled over every state machine.</summary>
public sealed class WeekTruth
{
    public long Executions { get; set; }

    public long Closed { get; set; }

    public long Failed { get; set; }

    /// <summary>(FAILED + TIMED_OUT + ABORTED) / closed; null when nothing closed.</summary>
    public double? FailureRate { get; set; }

    /// <summary>stop − start of the week's closed executions (nearest-rank percentiles).</summary>
    public PercentileSummary? DurationMs { get; set; }
}

/// <summary>Adds top-level executions into <see cref="WorldTruthReport.Weeks"/> by the ISO week of their start.</summary>
internal sealed class WeeklyAccumulator
{
    private readonly SortedDictionary<string, (WeekTruth Truth, List<long> Durations)> _weeks = new(StringComparer.Ordinal);

    public void Add(ExecutionRecord record)
    {
        var start = record.StartDate.UtcDateTime;
        var key = string.Create(CultureInfo.InvariantCulture, $"{ISOWeek.GetYear(start):0000}-W{ISOWeek.GetWeekOfYear(start):00}");
        if (!_weeks.TryGetValue(key, out var week))
        {
            _weeks[key] = week = (new WeekTruth(), []);
        }
        week.Truth.Executions++;
        if (record.Status == "RUNNING")
        {
            return;
        }
        week.Truth.Closed++;
        week.Truth.Failed += record.Status is "FAILED" or "TIMED_OUT" or "ABORTED" ? 1 : 0;
        week.Durations.Add((record.StopDate!.Value - record.StartDate).Ticks / TimeSpan.TicksPerMillisecond);
    }

    public void Finish(WorldTruthReport report)
    {
        foreach (var (key, (truth, durations)) in _weeks)
        {
            truth.FailureRate = truth.Closed == 0 ? null : (double)truth.Failed / truth.Closed;
            truth.DurationMs = Percentiles.Summarize(durations);
            report.Weeks[key] = truth;
        }
    }
}
