using System.Collections.Concurrent;

namespace Analytics.Aws.Tests;

/// <summary>
/// Virtual time for deterministic tests: the clock moves only by <see cref="Advance"/> or when something waits on a
/// timer (<c>Task.Delay(delay, time)</c>), which jumps the clock by the delay at once and records it.
/// </summary>
internal sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private long _elapsedTicks;

    public ManualTimeProvider()
        : this(new DateTimeOffset(2026, 11, 21, 8, 0, 0, TimeSpan.Zero))
    {
    }

    /// <summary>Every timer due time waited on, in order.</summary>
    public ConcurrentQueue<TimeSpan> Waits { get; } = new();

    public TimeSpan TotalWaited => TimeSpan.FromTicks(Waits.Sum(w => w.Ticks));

    public override DateTimeOffset GetUtcNow() => start + TimeSpan.FromTicks(Interlocked.Read(ref _elapsedTicks));

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Interlocked.Read(ref _elapsedTicks);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _elapsedTicks, by.Ticks);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        new JumpingTimer(this, callback, state, dueTime);

    private sealed class JumpingTimer : ITimer
    {
        public JumpingTimer(ManualTimeProvider owner, TimerCallback callback, object? state, TimeSpan dueTime)
        {
            if (dueTime == Timeout.InfiniteTimeSpan)
            {
                return;
            }

            owner.Waits.Enqueue(dueTime);
            owner.Advance(dueTime);
            ThreadPool.QueueUserWorkItem(_ => callback(state));
        }

        public bool Change(TimeSpan dueTime, TimeSpan period) => false;

        public void Dispose()
        {
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}

/// <summary>A <see cref="Random"/> whose NextDouble returns a fixed value (jitter made predictable).</summary>
internal sealed class FixedRandom(double value) : Random
{
    public override double NextDouble() => value;

    protected override double Sample() => value;
}
