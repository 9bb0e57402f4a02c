namespace Analytics.Emulator.Simulation.Durable;

/// <summary>Lambda's durable ExecutionStatus values and which of them are still open.</summary>
internal static class DurableStatus
{
    /// <summary>Every value ListDurableExecutionsByFunction's Statuses filter accepts.</summary>
    public static readonly string[] All = ["RUNNING", "PAUSING", "PAUSED", "SUCCEEDED", "FAILED", "TIMED_OUT", "STOPPED", "DELETING"];

    /// <summary>
    /// Not closed: RUNNING, PAUSING and PAUSED (DELETING, which the simulator never produces, is a closed execution
    /// being deleted).
    /// </summary>
    public static bool IsOpen(string status) => status is "RUNNING" or "PAUSING" or "PAUSED";

    /// <summary>The status of a simulated execution at <paramref name="nowMs"/>.</summary>
    public static string At(DurableTimeline t, long nowMs)
    {
        if (t.EndMs <= nowMs)
        {
            return t.FinalStatus;
        }
        if (t.Pause is { } p && p.RequestMs <= nowMs && nowMs < p.ResumedMs)
        {
            return nowMs < p.PausedMs ? "PAUSING" : "PAUSED";
        }
        return "RUNNING";
    }
}
