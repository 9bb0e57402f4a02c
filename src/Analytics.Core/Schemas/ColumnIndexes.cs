using System.Runtime.CompilerServices;

namespace Analytics.Core.Schemas;

// Column positions of the tables in TableSchemas, for the writers that fill columns by position. Each is looked up in
// the table's declaration by the field's own name (ExecutionArn -> execution_arn), so a declaration is the one place
// that orders the columns; a field naming no column fails at type initialization (TableSchemasTests touches them all).

/// <summary>Column positions in <see cref="TableSchemas.Executions"/> (<c>executions</c>).</summary>
public static class ExecutionColumns
{
    public static readonly int ExecutionArn = Of();
    public static readonly int StateMachineArn = Of();
    public static readonly int StateMachineName = Of();
    public static readonly int ExecutionName = Of();
    public static readonly int Type = Of();
    public static readonly int Status = Of();
    public static readonly int StartTime = Of();
    public static readonly int StopTime = Of();
    public static readonly int DurationMs = Of();
    public static readonly int MapRunArn = Of();
    public static readonly int ParentExecutionArn = Of();
    public static readonly int RedriveCount = Of();
    public static readonly int Error = Of();
    public static readonly int Cause = Of();
    public static readonly int EventCount = Of();
    public static readonly int HistoryComplete = Of();
    public static readonly int ExecutionStartTime = Of();
    public static readonly int StateMachineVersionArn = Of();
    public static readonly int StateMachineAliasArn = Of();
    public static readonly int RoleArn = Of();
    public static readonly int InputBytes = Of();
    public static readonly int OutputBytes = Of();
    public static readonly int HistorySource = Of();
    public static readonly int AccountId = Of();
    public static readonly int Region = Of();

    private static int Of([CallerMemberName] string field = "") => ColumnIndex.Of(TableSchemas.Executions, field);
}

/// <summary>Column positions in <see cref="TableSchemas.Events"/> (<c>events</c>).</summary>
public static class EventColumns
{
    public static readonly int ExecutionArn = Of();
    public static readonly int EventId = Of();
    public static readonly int PreviousEventId = Of();
    public static readonly int Timestamp = Of();
    public static readonly int Type = Of();
    public static readonly int StateName = Of();
    public static readonly int StateType = Of();
    public static readonly int ResourceType = Of();
    public static readonly int Resource = Of();
    public static readonly int Error = Of();
    public static readonly int Cause = Of();
    public static readonly int TimeoutSeconds = Of();
    public static readonly int HeartbeatSeconds = Of();
    public static readonly int MapIterationIndex = Of();
    public static readonly int MapLength = Of();
    public static readonly int MapRunArn = Of();
    public static readonly int WorkerName = Of();
    public static readonly int InputBytes = Of();
    public static readonly int OutputBytes = Of();
    public static readonly int Truncated = Of();
    public static readonly int Input = Of();
    public static readonly int Output = Of();
    public static readonly int DetailsJson = Of();
    public static readonly int ExecutionStartTime = Of();
    public static readonly int RoleArn = Of();
    public static readonly int TaskRegion = Of();
    public static readonly int RedriveCount = Of();
    public static readonly int EvaluationLocation = Of();
    public static readonly int StateMachineVersionArn = Of();
    public static readonly int StateMachineAliasArn = Of();
    public static readonly int AssignedVariables = Of();
    public static readonly int ParallelBranch = Of();
    public static readonly int AccountId = Of();
    public static readonly int Region = Of();

    private static int Of([CallerMemberName] string field = "") => ColumnIndex.Of(TableSchemas.Events, field);
}

/// <summary>Column positions in <see cref="TableSchemas.StateVisits"/> (<c>state_visits</c>).</summary>
public static class StateVisitColumns
{
    public static readonly int ExecutionArn = Of();
    public static readonly int StateMachineName = Of();
    public static readonly int StateName = Of();
    public static readonly int StateType = Of();
    public static readonly int EnteredEventId = Of();
    public static readonly int ExitedEventId = Of();
    public static readonly int EnteredAt = Of();
    public static readonly int ExitedAt = Of();
    public static readonly int DurationMs = Of();
    public static readonly int Outcome = Of();
    public static readonly int Attempts = Of();
    public static readonly int FinalError = Of();
    public static readonly int Resource = Of();
    public static readonly int MapIterationIndex = Of();
    public static readonly int ParallelBranch = Of();
    public static readonly int ExecutionStartTime = Of();
    public static readonly int ResourceType = Of();
    public static readonly int MapRunArn = Of();
    public static readonly int ParentStateName = Of();
    public static readonly int AccountId = Of();
    public static readonly int Region = Of();

    private static int Of([CallerMemberName] string field = "") => ColumnIndex.Of(TableSchemas.StateVisits, field);
}

/// <summary>Column positions in <see cref="TableSchemas.TaskAttempts"/> (<c>task_attempts</c>).</summary>
public static class TaskAttemptColumns
{
    public static readonly int ExecutionArn = Of();
    public static readonly int StateName = Of();
    public static readonly int Attempt = Of();
    public static readonly int ResourceType = Of();
    public static readonly int Resource = Of();
    public static readonly int ScheduledAt = Of();
    public static readonly int StartedAt = Of();
    public static readonly int EndedAt = Of();
    public static readonly int QueueMs = Of();
    public static readonly int RunMs = Of();
    public static readonly int Outcome = Of();
    public static readonly int Error = Of();
    public static readonly int ExecutionStartTime = Of();
    public static readonly int StateMachineName = Of();
    public static readonly int ScheduledEventId = Of();
    public static readonly int StateEnteredEventId = Of();
    public static readonly int MapIterationIndex = Of();
    public static readonly int ParallelBranch = Of();
    public static readonly int AccountId = Of();
    public static readonly int Region = Of();

    private static int Of([CallerMemberName] string field = "") => ColumnIndex.Of(TableSchemas.TaskAttempts, field);
}

/// <summary>Column positions in <see cref="TableSchemas.DurableExecutions"/> (<c>durable_executions</c>).</summary>
public static class DurableExecutionColumns
{
    public static readonly int DurableExecutionArn = Of();
    public static readonly int FunctionArn = Of();
    public static readonly int FunctionName = Of();
    public static readonly int Version = Of();
    public static readonly int ExecutionName = Of();
    public static readonly int Status = Of();
    public static readonly int StartTime = Of();
    public static readonly int EndTime = Of();
    public static readonly int DurationMs = Of();
    public static readonly int ErrorType = Of();
    public static readonly int ErrorMessage = Of();
    public static readonly int EventCount = Of();
    public static readonly int ExecutionStartTime = Of();
    public static readonly int InvocationCount = Of();
    public static readonly int OperationCount = Of();
    public static readonly int ExecutionTimeoutSeconds = Of();
    public static readonly int PauseCount = Of();
    public static readonly int LastPauseTime = Of();
    public static readonly int LastResumeTime = Of();
    public static readonly int ExecutionTimeoutPaused = Of();
    public static readonly int AccountId = Of();
    public static readonly int Region = Of();

    private static int Of([CallerMemberName] string field = "") => ColumnIndex.Of(TableSchemas.DurableExecutions, field);
}

/// <summary>Column positions in <see cref="TableSchemas.DurableEvents"/> (<c>durable_events</c>).</summary>
public static class DurableEventColumns
{
    public static readonly int DurableExecutionArn = Of();
    public static readonly int EventId = Of();
    public static readonly int OperationId = Of();
    public static readonly int ParentId = Of();
    public static readonly int Name = Of();
    public static readonly int EventType = Of();
    public static readonly int SubType = Of();
    public static readonly int Timestamp = Of();
    public static readonly int Attempt = Of();
    public static readonly int NextAttemptDelaySeconds = Of();
    public static readonly int ErrorType = Of();
    public static readonly int ErrorMessage = Of();
    public static readonly int DetailsJson = Of();
    public static readonly int ExecutionStartTime = Of();
    public static readonly int PayloadBytes = Of();
    public static readonly int Payload = Of();
    public static readonly int Truncated = Of();
    public static readonly int ErrorData = Of();
    public static readonly int StackTrace = Of();
    public static readonly int RequestId = Of();
    public static readonly int InvocationStartTime = Of();
    public static readonly int InvocationEndTime = Of();
    public static readonly int WaitSeconds = Of();
    public static readonly int ScheduledEndTime = Of();
    public static readonly int CallbackId = Of();
    public static readonly int TimeoutSeconds = Of();
    public static readonly int HeartbeatTimeoutSeconds = Of();
    public static readonly int FunctionName = Of();
    public static readonly int ChainedExecutionArn = Of();
    public static readonly int TenantId = Of();
    public static readonly int ExecutedVersion = Of();
    public static readonly int PauseRequestTime = Of();
    public static readonly int ResumeRequestTime = Of();
    public static readonly int ExecutionTimeoutPaused = Of();
    public static readonly int Reason = Of();
    public static readonly int RetryCurrentAttempt = Of();
    public static readonly int AccountId = Of();
    public static readonly int Region = Of();

    private static int Of([CallerMemberName] string field = "") => ColumnIndex.Of(TableSchemas.DurableEvents, field);
}

/// <summary>Column positions in <see cref="TableSchemas.DurableOperations"/> (<c>durable_operations</c>).</summary>
public static class DurableOperationColumns
{
    public static readonly int DurableExecutionArn = Of();
    public static readonly int OperationId = Of();
    public static readonly int ParentId = Of();
    public static readonly int Name = Of();
    public static readonly int Type = Of();
    public static readonly int SubType = Of();
    public static readonly int Status = Of();
    public static readonly int StartTime = Of();
    public static readonly int EndTime = Of();
    public static readonly int DurationMs = Of();
    public static readonly int Attempts = Of();
    public static readonly int ErrorType = Of();
    public static readonly int ErrorMessage = Of();
    public static readonly int ExecutionStartTime = Of();
    public static readonly int FirstEventId = Of();
    public static readonly int LastEventId = Of();
    public static readonly int DetailsJson = Of();
    public static readonly int AccountId = Of();
    public static readonly int Region = Of();

    private static int Of([CallerMemberName] string field = "") => ColumnIndex.Of(TableSchemas.DurableOperations, field);
}
