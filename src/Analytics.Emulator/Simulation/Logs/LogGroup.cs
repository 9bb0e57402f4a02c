using Analytics.Emulator.Simulation.Sfn;

namespace Analytics.Emulator.Simulation.Logs;

/// <summary>
/// A simulated log group, generated lazily: executions are grouped by the UTC hour their top-level execution
/// started in (a segment), and the events of one hour of event time are gathered from the segments that reach into
/// it. The first query simulates every execution once to learn each segment's last event time (8 bytes per hour);
/// events themselves are regenerated on demand and only a few hours of them are cached.
/// </summary>
public sealed class LogGroup
{
    public const long HourMs = 3_600_000;

    private readonly LogSource[] _sources;
    private readonly Func<LogSource, long, IEnumerable<LoggedExecution>> _executionsOf;
    private readonly long _nowMs;
    private readonly Lazy<long[][]> _lastEventBySegment;
    private readonly BoundedCache<(int Source, long Hour), LoggedExecution[]> _segments = new(512);
    private readonly BoundedCache<long, LogEventRecord[]> _hours = new(96);

    internal LogGroup(string name, string region, string accountId, DateTimeOffset creationTime, LogSource[] sources,
        Func<LogSource, long, IEnumerable<LoggedExecution>> executionsOf, long nowMs)
    {
        Name = name;
        Arn = $"arn:aws:logs:{region}:{accountId}:log-group:{name}:*";
        CreationTime = creationTime;
        _sources = sources;
        _executionsOf = executionsOf;
        _nowMs = nowMs;
        FirstHourMs = sources.Min(s => s.Model.Schedule.FirstDayMs);
        _lastEventBySegment = new Lazy<long[][]>(ScanSegments);
    }

    public string Name { get; }

    /// <summary>The ARN with the `:*` suffix (DescribeLogGroups' `arn`, Step Functions' destination).</summary>
    public string Arn { get; }

    /// <summary>The ARN without `:*` (DescribeLogGroups' `logGroupArn`, StartQuery's identifiers).</summary>
    public string LogGroupArn => Arn[..^2];

    public DateTimeOffset CreationTime { get; }

    /// <summary>No event of the group is older than this hour.</summary>
    public long FirstHourMs { get; }

    /// <summary>
    /// The events delivered by the world's clock whose timestamp lies in the hour starting at <paramref name="hourMs"/>,
    /// in FilterLogEvents order (timestamp, ingestion time, then a stable tie-break).
    /// </summary>
    public IReadOnlyList<LogEventRecord> EventsInHour(long hourMs) => hourMs < FirstHourMs || hourMs > _nowMs ? [] : _hours.GetOrAdd(hourMs, BuildHour);

    private LogEventRecord[] BuildHour(long hourMs)
    {
        var events = new List<LogEventRecord>();
        var lastEvents = _lastEventBySegment.Value;
        for (var s = 0; s < _sources.Length; s++)
        {
            var source = _sources[s];
            var first = source.Model.Schedule.FirstDayMs;
            for (var k = 0; k < lastEvents[s].Length && first + k * HourMs <= hourMs; k++)
            {
                if (lastEvents[s][k] < hourMs)
                {
                    continue;
                }
                foreach (var execution in Segment(s, first + k * HourMs))
                {
                    var timeline = execution.Timeline.Events;
                    for (var i = 0; i < timeline.Length; i++)
                    {
                        var e = timeline[i];
                        if (e.TimeMs >= hourMs && e.TimeMs < hourMs + HourMs && execution.Ingestion[i] <= _nowMs
                            && LogLevels.Delivers(source.Spec.Level, e.Type))
                        {
                            events.Add(new LogEventRecord(execution, i));
                        }
                    }
                }
            }
        }
        var array = events.ToArray();
        Array.Sort(array, static (a, b) => a.SortKey.CompareTo(b.SortKey));
        return array;
    }

    private LoggedExecution[] Segment(int source, long hourMs) =>
        _segments.GetOrAdd((source, hourMs), key => [.. _executionsOf(_sources[key.Source], key.Hour)]);

    /// <summary>Per source and segment hour: the time of the last event of its executions (long.MinValue if none).</summary>
    private long[][] ScanSegments()
    {
        var result = new long[_sources.Length][];
        for (var s = 0; s < _sources.Length; s++)
        {
            var schedule = _sources[s].Model.Schedule;
            var hours = schedule.Count == 0 ? 0 : (int)((schedule.StartMs(schedule.Count - 1) - schedule.FirstDayMs) / HourMs) + 1;
            result[s] = new long[hours];
            for (var k = 0; k < hours; k++)
            {
                var last = long.MinValue;
                foreach (var execution in _executionsOf(_sources[s], schedule.FirstDayMs + k * HourMs))
                {
                    last = Math.Max(last, execution.Timeline.Events[^1].TimeMs);
                }
                result[s][k] = last;
            }
        }
        return result;
    }
}
