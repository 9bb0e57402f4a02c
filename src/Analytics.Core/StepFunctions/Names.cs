namespace Analytics.Core.StepFunctions;

/// <summary>The fixed text values the flattener writes (UTF-8 literals: no encoding at run time).</summary>
internal static class Names
{
    public static ReadOnlySpan<byte> StateTypeText(StateType type) => type switch
    {
        StateType.Task => "Task"u8,
        StateType.Pass => "Pass"u8,
        StateType.Choice => "Choice"u8,
        StateType.Wait => "Wait"u8,
        StateType.Succeed => "Succeed"u8,
        StateType.Fail => "Fail"u8,
        StateType.Map => "Map"u8,
        StateType.Parallel => "Parallel"u8,
        _ => default,
    };

    /// <summary>The error name AWS gives a timeout (state TimeoutSeconds, HeartbeatSeconds or the execution's).</summary>
    public static ReadOnlySpan<byte> StatesTimeout => "States.Timeout"u8;

    public static ReadOnlySpan<byte> OutcomeText(Outcome outcome) => outcome switch
    {
        Outcome.Succeeded => "succeeded"u8,
        Outcome.Failed => "failed"u8,
        Outcome.TimedOut => "timed_out"u8,
        Outcome.Aborted => "aborted"u8,
        Outcome.Caught => "caught"u8,
        Outcome.StartFailed => "start_failed"u8,
        Outcome.SubmitFailed => "submit_failed"u8,
        Outcome.ScheduleFailed => "schedule_failed"u8,
        Outcome.Running => "running"u8,
        _ => default,
    };

    /// <summary>task_attempts.resource_type for the integrations whose events carry none.</summary>
    public static ReadOnlySpan<byte> FamilyResourceType(AttemptFamily family) => family switch
    {
        AttemptFamily.LambdaFunction => "lambda"u8,
        AttemptFamily.Activity => "activity"u8,
        _ => default,
    };
}
