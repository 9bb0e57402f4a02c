namespace Analytics.Core.StepFunctions;

/// <summary>How a state visit or a task attempt ended (stored as its snake_case text).</summary>
public enum Outcome : byte
{
    None,
    Succeeded,
    Failed,
    TimedOut,
    Aborted,
    /// <summary>The visit failed and a Catch moved the execution on.</summary>
    Caught,
    StartFailed,
    SubmitFailed,
    ScheduleFailed,
    /// <summary>Still open when the history ended (the execution was running).</summary>
    Running,
}
