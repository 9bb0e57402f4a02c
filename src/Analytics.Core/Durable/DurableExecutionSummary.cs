namespace Analytics.Core.Durable;

/// <summary>What a durable history says about its execution (also written as its <c>durable_executions</c> row).</summary>
public readonly record struct DurableExecutionSummary(
    string Status,
    long EventCount,
    int OperationCount,
    long? StartTimeMicros,
    long? EndTimeMicros);
