namespace Analytics.Core.Schemas;

// Column positions of the tables in TableSchemas (kept in step by TableSchemasTests).

/// <summary>Column positions in <see cref="TableSchemas.Executions"/> (<c>executions</c>).</summary>
public static class ExecutionColumns
{
    public const int ExecutionArn = 0;
    public const int StateMachineArn = 1;
    public const int StateMachineName = 2;
    public const int ExecutionName = 3;
    public const int Type = 4;
    public const int Status = 5;
    public const int StartTime = 6;
    public const int StopTime = 7;
    public const int DurationMs = 8;
    public const int MapRunArn = 9;
    public const int ParentExecutionArn = 10;
    public const int RedriveCount = 11;
    public const int Error = 12;
    public const int Cause = 13;
    public const int EventCount = 14;
    public const int HistoryComplete = 15;
    public const int Region = 16;
    public const int AccountId = 17;
    public const int ExecutionStartTime = 18;
    public const int StateMachineVersionArn = 19;
    public const int StateMachineAliasArn = 20;
    public const int RoleArn = 21;
    public const int InputBytes = 22;
    public const int OutputBytes = 23;
}

/// <summary>Column positions in <see cref="TableSchemas.Events"/> (<c>events</c>).</summary>
public static class EventColumns
{
    public const int ExecutionArn = 0;
    public const int EventId = 1;
    public const int PreviousEventId = 2;
    public const int Timestamp = 3;
    public const int Type = 4;
    public const int StateName = 5;
    public const int StateType = 6;
    public const int ResourceType = 7;
    public const int Resource = 8;
    public const int Error = 9;
    public const int Cause = 10;
    public const int TimeoutSeconds = 11;
    public const int HeartbeatSeconds = 12;
    public const int MapIterationIndex = 13;
    public const int MapLength = 14;
    public const int MapRunArn = 15;
    public const int WorkerName = 16;
    public const int InputBytes = 17;
    public const int OutputBytes = 18;
    public const int Truncated = 19;
    public const int Input = 20;
    public const int Output = 21;
    public const int DetailsJson = 22;
    public const int ExecutionStartTime = 23;
    public const int RoleArn = 24;
    public const int TaskRegion = 25;
    public const int RedriveCount = 26;
    public const int EvaluationLocation = 27;
    public const int StateMachineVersionArn = 28;
    public const int StateMachineAliasArn = 29;
    public const int AssignedVariables = 30;
    public const int ParallelBranch = 31;
}

/// <summary>Column positions in <see cref="TableSchemas.StateVisits"/> (<c>state_visits</c>).</summary>
public static class StateVisitColumns
{
    public const int ExecutionArn = 0;
    public const int StateMachineName = 1;
    public const int StateName = 2;
    public const int StateType = 3;
    public const int EnteredEventId = 4;
    public const int ExitedEventId = 5;
    public const int EnteredAt = 6;
    public const int ExitedAt = 7;
    public const int DurationMs = 8;
    public const int Outcome = 9;
    public const int Attempts = 10;
    public const int FinalError = 11;
    public const int Resource = 12;
    public const int MapIterationIndex = 13;
    public const int ParallelBranch = 14;
    public const int ExecutionStartTime = 15;
    public const int ResourceType = 16;
    public const int MapRunArn = 17;
    public const int ParentStateName = 18;
}

/// <summary>Column positions in <see cref="TableSchemas.TaskAttempts"/> (<c>task_attempts</c>).</summary>
public static class TaskAttemptColumns
{
    public const int ExecutionArn = 0;
    public const int StateName = 1;
    public const int Attempt = 2;
    public const int ResourceType = 3;
    public const int Resource = 4;
    public const int ScheduledAt = 5;
    public const int StartedAt = 6;
    public const int EndedAt = 7;
    public const int QueueMs = 8;
    public const int RunMs = 9;
    public const int Outcome = 10;
    public const int Error = 11;
    public const int ExecutionStartTime = 12;
    public const int StateMachineName = 13;
    public const int ScheduledEventId = 14;
    public const int StateEnteredEventId = 15;
    public const int MapIterationIndex = 16;
    public const int ParallelBranch = 17;
}

/// <summary>Column positions in <see cref="TableSchemas.DurableExecutions"/> (<c>durable_executions</c>).</summary>
public static class DurableExecutionColumns
{
    public const int DurableExecutionArn = 0;
    public const int FunctionArn = 1;
    public const int FunctionName = 2;
    public const int Version = 3;
    public const int ExecutionName = 4;
    public const int Status = 5;
    public const int StartTime = 6;
    public const int EndTime = 7;
    public const int DurationMs = 8;
    public const int ErrorType = 9;
    public const int ErrorMessage = 10;
    public const int EventCount = 11;
    public const int ExecutionStartTime = 12;
    public const int Region = 13;
    public const int AccountId = 14;
    public const int InvocationCount = 15;
    public const int OperationCount = 16;
    public const int ExecutionTimeoutSeconds = 17;
    public const int PauseCount = 18;
    public const int LastPauseTime = 19;
    public const int LastResumeTime = 20;
    public const int ExecutionTimeoutPaused = 21;
}

/// <summary>Column positions in <see cref="TableSchemas.DurableEvents"/> (<c>durable_events</c>).</summary>
public static class DurableEventColumns
{
    public const int DurableExecutionArn = 0;
    public const int EventId = 1;
    public const int OperationId = 2;
    public const int ParentId = 3;
    public const int Name = 4;
    public const int EventType = 5;
    public const int SubType = 6;
    public const int Timestamp = 7;
    public const int Attempt = 8;
    public const int NextAttemptDelaySeconds = 9;
    public const int ErrorType = 10;
    public const int ErrorMessage = 11;
    public const int DetailsJson = 12;
    public const int ExecutionStartTime = 13;
    public const int PayloadBytes = 14;
    public const int Payload = 15;
    public const int Truncated = 16;
    public const int ErrorData = 17;
    public const int StackTrace = 18;
    public const int RequestId = 19;
    public const int InvocationStartTime = 20;
    public const int InvocationEndTime = 21;
    public const int WaitSeconds = 22;
    public const int ScheduledEndTime = 23;
    public const int CallbackId = 24;
    public const int TimeoutSeconds = 25;
    public const int HeartbeatTimeoutSeconds = 26;
    public const int FunctionName = 27;
    public const int ChainedExecutionArn = 28;
    public const int TenantId = 29;
    public const int ExecutedVersion = 30;
    public const int PauseRequestTime = 31;
    public const int ResumeRequestTime = 32;
    public const int ExecutionTimeoutPaused = 33;
    public const int Reason = 34;
    public const int RetryCurrentAttempt = 35;
}

/// <summary>Column positions in <see cref="TableSchemas.DurableOperations"/> (<c>durable_operations</c>).</summary>
public static class DurableOperationColumns
{
    public const int DurableExecutionArn = 0;
    public const int OperationId = 1;
    public const int ParentId = 2;
    public const int Name = 3;
    public const int Type = 4;
    public const int SubType = 5;
    public const int Status = 6;
    public const int StartTime = 7;
    public const int EndTime = 8;
    public const int DurationMs = 9;
    public const int Attempts = 10;
    public const int ErrorType = 11;
    public const int ErrorMessage = 12;
    public const int ExecutionStartTime = 13;
    public const int FirstEventId = 14;
    public const int LastEventId = 15;
    public const int DetailsJson = 16;
}
