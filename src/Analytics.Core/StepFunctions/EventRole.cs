namespace Analytics.Core.StepFunctions;

/// <summary>What an event does to the derived rows (state visits, task attempts, execution summary).</summary>
internal enum EventRole : byte
{
    /// <summary>Recorded in <c>events</c> only (and attributed to the state it belongs to).</summary>
    Plain,
    ExecutionStarted,
    ExecutionEnded,
    ExecutionRedriven,
    StateEntered,
    StateExited,
    StateAborted,
    /// <summary>MapStateStarted / ParallelStateStarted: a (re)start of a container state's body.</summary>
    ContainerStarted,
    /// <summary>Map/Parallel state succeeded: no effect on the visit until it exits.</summary>
    ContainerSucceeded,
    ContainerFailed,
    ContainerAborted,
    MapIterationStarted,
    MapIterationEnded,
    MapRunStarted,
    MapRunEnded,
    AttemptScheduled,
    AttemptStarted,
    /// <summary>TaskSubmitted: the callback/.sync task was accepted; the attempt goes on.</summary>
    AttemptProgress,
    AttemptEnded,
    EvaluationFailed,
}
