using Analytics.Emulator.World;

namespace Analytics.Emulator.Simulation.Sfn;

/// <summary>What an execution or map run looks like at the world's clock: the only place where "now" matters.</summary>
internal static class ExecutionViews
{
    private const long RedriveWindowMs = 14L * 86_400_000;

    public static DateTimeOffset Time(long epochMs) => DateTimeOffset.FromUnixTimeMilliseconds(epochMs);

    public static ExecutionRecord TopLevel(ExecutionTimeline t, string arn, string stateMachineArn, string name, long nowMs)
    {
        string status;
        long? stop;
        string? error = null, cause = null, output = null;
        if (t.FinalStopMs <= nowMs)
        {
            (status, stop, error, cause, output) = (t.FinalStatus, t.FinalStopMs, t.Error, t.Cause, t.Output);
        }
        else if (t.FirstStopMs is { } firstStop && firstStop <= nowMs && nowMs < t.RedriveMs)
        {
            (status, stop, error, cause) = ("FAILED", firstStop, t.FirstError, t.FirstCause);
        }
        else
        {
            (status, stop) = ("RUNNING", null);
        }
        var redriven = t.RedriveMs is { } redriveMs && redriveMs <= nowMs;
        return new ExecutionRecord(arn, stateMachineArn, name, status, Time(t.StartMs), stop is { } s ? Time(s) : null,
            t.Input, output, error, cause, MapRunArn: null, ItemCount: null,
            RedriveCount: redriven ? 1 : 0, RedriveDate: redriven ? Time(t.RedriveMs!.Value) : null,
            RedriveStatus: RedriveStatus(status, stop, nowMs, byMapRun: false), IsExpress: false);
    }

    public static ExecutionRecord Child(ChildRun child, ExecutionTimeline? history, string arn, string childStateMachineArn, string name, string mapRunArn, bool express, long nowMs)
    {
        var closed = child.StopMs <= nowMs;
        var status = closed ? child.Status : "RUNNING";
        return new ExecutionRecord(arn, childStateMachineArn, name, status, Time(child.StartMs), closed ? Time(child.StopMs) : null,
            history?.Input ?? $"{{\"item\":{child.Index}}}", closed ? history?.Output : null, closed ? history?.Error : null, closed ? history?.Cause : null,
            mapRunArn, ItemCount: 1, RedriveCount: 0, RedriveDate: null,
            RedriveStatus: RedriveStatus(status, closed ? child.StopMs : null, nowMs, byMapRun: true), IsExpress: express);
    }

    private static string RedriveStatus(string status, long? stopMs, long nowMs, bool byMapRun) => status switch
    {
        "FAILED" or "TIMED_OUT" or "ABORTED" when nowMs - stopMs < RedriveWindowMs => byMapRun ? "REDRIVABLE_BY_MAP_RUN" : "REDRIVABLE",
        _ => "NOT_REDRIVABLE",
    };

    public static MapRunRecord MapRun(MapRunTimeline run, string mapRunArn, string executionArn, string stateMachineArn, long nowMs)
    {
        long succeeded = 0, failed = 0, timedOut = 0, aborted = 0, running = 0, started = 0;
        foreach (var c in run.Children)
        {
            if (c.StartMs > nowMs)
            {
                continue;
            }
            started++;
            if (c.StopMs > nowMs)
            {
                running++;
                continue;
            }
            switch (c.Status)
            {
                case "SUCCEEDED": succeeded++; break;
                case "FAILED": failed++; break;
                case "TIMED_OUT": timedOut++; break;
                default: aborted++; break;
            }
        }
        var closed = run.StopMs <= nowMs;
        var notStarted = run.ItemCount - started;
        var written = succeeded + failed + timedOut + aborted;
        var executions = new MapRunCounts(0, running, succeeded, failed, timedOut, aborted, started, written, 0, 0);
        var items = closed
            ? new MapRunCounts(0, running, succeeded, failed, timedOut, aborted + notStarted, run.ItemCount, written, 0, 0)
            : new MapRunCounts(notStarted, running, succeeded, failed, timedOut, aborted, run.ItemCount, written, 0, 0);
        return new MapRunRecord(mapRunArn, executionArn, stateMachineArn, closed ? run.Status : "RUNNING", Time(run.StartMs),
            closed ? Time(run.StopMs) : null, run.MaxConcurrency, run.ToleratedFailurePercentage, run.ToleratedFailureCount,
            items, executions, RedriveCount: 0, RedriveDate: null);
    }
}
