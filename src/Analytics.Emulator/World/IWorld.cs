using System.Text.Json;

namespace Analytics.Emulator.World;

/// <summary>
/// The simulated AWS account the HTTP endpoint serves: the seam between the simulator (World/) and the wire
/// protocols (Http/). Everything here is deterministic for a world file + seed. The simulated timeline does not
/// depend on <see cref="Now"/>: <see cref="Now"/> only hides what has not happened yet (an execution that starts
/// later does not exist; one that stops later is RUNNING), so advancing the clock reveals new and newly closed
/// executions without changing anything already visible.
/// </summary>
public interface IWorld
{
    string Region { get; }

    string AccountId { get; }

    DateTimeOffset Now { get; }

    // ---- Step Functions -------------------------------------------------------------------------------------

    /// <summary>Top-level state machines (not Distributed Map child "state machines"), in ListStateMachines order.</summary>
    IReadOnlyList<StateMachineRecord> StateMachines { get; }

    /// <summary>A state machine by ARN, including a Distributed Map child ARN (`…:stateMachine:name/label`).</summary>
    StateMachineRecord? FindStateMachine(string stateMachineArn);

    /// <summary>Executions started directly on a top-level state machine, newest first, materialized lazily.</summary>
    IPagedList<ExecutionRecord> ListExecutions(string stateMachineArn);

    /// <summary>Child executions of a Map Run, newest first (their records carry MapRunArn and ItemCount).</summary>
    IPagedList<ExecutionRecord> ListMapRunExecutions(string mapRunArn);

    ExecutionRecord? FindExecution(string executionArn);

    /// <summary>The history of a STANDARD execution (null for unknown or EXPRESS executions).</summary>
    IHistorySource? GetExecutionHistory(string executionArn);

    /// <summary>Map Runs started by an execution, in start order.</summary>
    IReadOnlyList<MapRunRecord> ListMapRuns(string executionArn);

    MapRunRecord? FindMapRun(string mapRunArn);

    /// <summary>The CloudWatch Logs groups EXPRESS executions deliver their events to (<see cref="NoLogs"/> when the
    /// world has none). Not a default member: a world that wraps another must pass its logs on, or DescribeStateMachine
    /// through the wrapper reports logging OFF.</summary>
    ILogs Logs { get; }

    // ---- Lambda -----------------------------------------------------------------------------------------------

    /// <summary>Functions in ListFunctions order ($LATEST configurations).</summary>
    IReadOnlyList<FunctionRecord> Functions { get; }

    /// <summary>A function by name, unqualified ARN or qualified ARN.</summary>
    FunctionRecord? FindFunction(string functionNameOrArn);

    /// <summary>Durable executions of a function, newest first by start.</summary>
    IPagedList<DurableExecutionRecord> ListDurableExecutions(string functionName);

    DurableExecutionRecord? FindDurableExecution(string durableExecutionArn);

    /// <summary>GetDurableExecutionHistory's events (null when the execution is unknown).</summary>
    IHistorySource? GetDurableExecutionHistory(string durableExecutionArn);

    /// <summary>GetDurableExecutionState's operations, or null when the execution is unknown.</summary>
    IHistorySource? GetDurableExecutionState(string durableExecutionArn);

    /// <summary>Whether a checkpoint token is the current one of a RUNNING durable execution (offline readers have none).</summary>
    bool IsValidCheckpointToken(string durableExecutionArn, string checkpointToken);
}

/// <summary>A lazily materialized, indexable list (a 1,000,000-execution listing is never held in memory).</summary>
public interface IPagedList<out T>
{
    int Count { get; }

    T this[int index] { get; }
}

/// <summary>
/// Items of one history-like listing (Step Functions history events, durable events, durable operations), written
/// straight as JSON array elements with the exact wire member names and epoch-second timestamps.
/// </summary>
public interface IHistorySource
{
    int Count { get; }

    /// <summary>
    /// Writes items [<paramref name="start"/>, <paramref name="start"/>+<paramref name="count"/>) in ascending order,
    /// or, when <paramref name="reverseOrder"/>, the items at those positions of the reversed sequence. Payload
    /// members (input, output, parameters, Payload, Result …) are omitted unless <paramref name="includeExecutionData"/>.
    /// </summary>
    void WriteItems(Utf8JsonWriter writer, int start, int count, bool reverseOrder, bool includeExecutionData);
}

public sealed record StateMachineRecord(
    string StateMachineArn,
    string Name,
    string Type,
    DateTimeOffset CreationDate,
    string Definition,
    string RoleArn,
    string Status,
    string? Description,
    string? Label);

public sealed record ExecutionRecord(
    string ExecutionArn,
    string StateMachineArn,
    string Name,
    string Status,
    DateTimeOffset StartDate,
    DateTimeOffset? StopDate,
    string? Input,
    string? Output,
    string? Error,
    string? Cause,
    string? MapRunArn,
    int? ItemCount,
    int RedriveCount,
    DateTimeOffset? RedriveDate,
    string? RedriveStatus,
    bool IsExpress);

public sealed record MapRunCounts(
    long Pending,
    long Running,
    long Succeeded,
    long Failed,
    long TimedOut,
    long Aborted,
    long Total,
    long ResultsWritten,
    long FailuresNotRedrivable,
    long PendingRedrive);

public sealed record MapRunRecord(
    string MapRunArn,
    string ExecutionArn,
    string StateMachineArn,
    string Status,
    DateTimeOffset StartDate,
    DateTimeOffset? StopDate,
    int MaxConcurrency,
    double ToleratedFailurePercentage,
    long ToleratedFailureCount,
    MapRunCounts ItemCounts,
    MapRunCounts ExecutionCounts,
    int RedriveCount,
    DateTimeOffset? RedriveDate);

public sealed record DurableConfigRecord(int RetentionPeriodInDays, int ExecutionTimeout);

public sealed record EventInvokeConfigRecord(
    string FunctionArn,
    DateTimeOffset LastModified,
    int? MaximumRetryAttempts,
    int? MaximumEventAgeInSeconds,
    string? OnSuccessDestination,
    string? OnFailureDestination);

public sealed record FunctionRecord(
    string FunctionName,
    string FunctionArn,
    string Runtime,
    string Role,
    string Handler,
    long CodeSize,
    string? Description,
    int Timeout,
    int MemorySize,
    string LastModified,
    string CodeSha256,
    string Version,
    DurableConfigRecord? DurableConfig,
    IReadOnlyList<EventInvokeConfigRecord> EventInvokeConfigs);

public sealed record DurableErrorRecord(string? ErrorType, string? ErrorMessage, string? ErrorData, IReadOnlyList<string>? StackTrace);

public sealed record DurableExecutionRecord(
    string DurableExecutionArn,
    string DurableExecutionName,
    string FunctionArn,
    string Status,
    DateTimeOffset StartTimestamp,
    DateTimeOffset? EndTimestamp,
    string Version,
    string? InputPayload,
    string? Result,
    DurableErrorRecord? Error,
    DurablePauseRecord? PauseDetails = null,
    DateTimeOffset? ExpectedExecutionTimeoutTimestamp = null);

/// <summary>GetDurableExecution's PauseDetails (present while PAUSING or PAUSED).</summary>
public sealed record DurablePauseRecord(DateTimeOffset PauseRequestTimestamp, string? Reason, bool ExecutionTimeoutPaused);
