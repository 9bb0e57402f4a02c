namespace Analytics.Query.Tests.Dataset;

// The SPEC §5 rows the test datasets are made of (property names become snake_case columns).

internal sealed record StateMachineRow(string StateMachineArn, string Name, string Type, string Status, DateTimeOffset CreationDate,
    string DefinitionSha256, string Definition, string RoleArn, string ExportRunId, DateTimeOffset ExportedAt);

internal sealed record ExecutionRow(string ExecutionArn, string StateMachineArn, string StateMachineName, string ExecutionName,
    string Type, string Status, DateTimeOffset StartTime, DateTimeOffset? StopTime, long? DurationMs, string? MapRunArn,
    string? ParentExecutionArn, int RedriveCount, string? Error, string? Cause, long? EventCount, bool HistoryComplete,
    string Region, string AccountId, string ExportRunId, DateTimeOffset ExecutionStartTime);

internal sealed record StateVisitRow(string ExecutionArn, string StateMachineName, string StateName, string StateType,
    long EnteredEventId, long? ExitedEventId, DateTimeOffset EnteredAt, DateTimeOffset? ExitedAt, long? DurationMs, string Outcome,
    int Attempts, string? FinalError, string? Resource, int? MapIterationIndex, int? ParallelBranch, DateTimeOffset ExecutionStartTime,
    string ExportRunId);

internal sealed record TaskAttemptRow(string ExecutionArn, string StateName, int Attempt, string ResourceType, string Resource,
    DateTimeOffset ScheduledAt, DateTimeOffset StartedAt, DateTimeOffset EndedAt, long QueueMs, long RunMs, string Outcome, string? Error,
    DateTimeOffset ExecutionStartTime, string StateMachineName, string ExportRunId);

internal sealed record MapRunRow(string MapRunArn, string ExecutionArn, string StateMachineArn, string Status, DateTimeOffset StartTime,
    DateTimeOffset? StopTime, int MaxConcurrency, double ToleratedFailurePercentage, long ToleratedFailureCount,
    long ItemsPending, long ItemsRunning, long ItemsSucceeded, long ItemsFailed, long ItemsTimedOut, long ItemsAborted, long ItemsTotal,
    long ItemsResultsWritten, long ExecutionsPending, long ExecutionsRunning, long ExecutionsSucceeded, long ExecutionsFailed,
    long ExecutionsTimedOut, long ExecutionsAborted, long ExecutionsTotal, long ExecutionsResultsWritten, int RedriveCount,
    string ExportRunId, DateTimeOffset ExecutionStartTime);

internal sealed record FunctionRow(string FunctionArn, string FunctionName, string Runtime, bool Durable, int MaximumRetryAttempts,
    int MaximumEventAgeSeconds, string? OnSuccessDestination, string? OnFailureDestination, string ExportRunId, DateTimeOffset ExportedAt);

internal sealed record DurableExecutionRow(string DurableExecutionArn, string FunctionArn, string FunctionName, string Version,
    string ExecutionName, string Status, DateTimeOffset StartTime, DateTimeOffset? EndTime, long? DurationMs, string? ErrorType,
    string? ErrorMessage, long EventCount, DateTimeOffset ExecutionStartTime, string ExportRunId);

internal sealed record DurableOperationRow(string DurableExecutionArn, string OperationId, string? ParentId, string Name, string Type,
    string SubType, string Status, DateTimeOffset StartTime, DateTimeOffset? EndTime, long? DurationMs, int Attempts, string? ErrorType,
    string? ErrorMessage, DateTimeOffset ExecutionStartTime, string ExportRunId);

internal sealed record DurableEventRow(string DurableExecutionArn, long EventId, string OperationId, string? ParentId, string Name,
    string EventType, string SubType, DateTimeOffset Timestamp, int? Attempt, long? NextAttemptDelaySeconds, string? ErrorType,
    string? ErrorMessage, DateTimeOffset ExecutionStartTime, string ExportRunId);

internal sealed record ExportRunRow(string RunId, DateTimeOffset StartedAt, DateTimeOffset FinishedAt, long Executions, long Failures,
    long Quarantined, DateTimeOffset ExportedAt);
