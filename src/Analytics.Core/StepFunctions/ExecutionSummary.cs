namespace Analytics.Core.StepFunctions;

/// <summary>What the history says about an execution as a whole (also written as its <c>executions</c> row).</summary>
public readonly record struct ExecutionSummary(
    string Status,
    long EventCount,
    long? StartTimeMicros,
    long? StopTimeMicros,
    int RedriveCount,
    bool HistoryComplete);
