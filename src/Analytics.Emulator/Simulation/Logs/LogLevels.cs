namespace Analytics.Emulator.Simulation.Logs;

/// <summary>Which history event types each logging level delivers (aws-wire-facts-logs §1, "Log levels").</summary>
internal static class LogLevels
{
    private static readonly HashSet<string> s_fatal = new(StringComparer.Ordinal) { "ExecutionAborted", "ExecutionFailed", "ExecutionTimedOut" };

    private static readonly HashSet<string> s_error = new(StringComparer.Ordinal)
    {
        "ExecutionAborted", "ExecutionFailed", "ExecutionTimedOut", "FailStateEntered", "LambdaFunctionFailed",
        "LambdaFunctionScheduleFailed", "LambdaFunctionStartFailed", "LambdaFunctionTimedOut", "MapIterationAborted",
        "MapIterationFailed", "MapRunAborted", "MapRunFailed", "MapStateAborted", "MapStateFailed", "ParallelStateAborted",
        "ParallelStateFailed", "TaskFailed", "TaskStartFailed", "TaskSubmitFailed", "TaskTimedOut", "TaskStateAborted",
        "WaitStateAborted",
    };

    public static bool Delivers(string level, string eventType) => level switch
    {
        "ALL" => true,
        "ERROR" => s_error.Contains(eventType),
        "FATAL" => s_fatal.Contains(eventType),
        _ => false,
    };
}
