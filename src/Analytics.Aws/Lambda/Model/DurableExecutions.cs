namespace Analytics.Aws.Lambda.Model;

/// <param name="Qualifier">Omit for every version.</param>
/// <param name="Statuses">RUNNING, PAUSING, PAUSED, SUCCEEDED, FAILED, TIMED_OUT, STOPPED, DELETING (sent as a repeated query key).</param>
/// <param name="ReverseOrder">true = oldest first (the default is newest first).</param>
/// <param name="MaxItems">1..1000 (default 100).</param>
public sealed record ListDurableExecutionsByFunctionRequest(
    string FunctionName,
    string? Qualifier = null,
    string? DurableExecutionName = null,
    IReadOnlyList<string>? Statuses = null,
    DateTimeOffset? StartedAfter = null,
    DateTimeOffset? StartedBefore = null,
    bool? ReverseOrder = null,
    string? Marker = null,
    int? MaxItems = null);

public sealed record ListDurableExecutionsByFunctionResponse(
    IReadOnlyList<DurableExecutionSummary>? DurableExecutions = null,
    string? NextMarker = null);

/// <summary>The <c>Execution</c> shape of ListDurableExecutionsByFunction.</summary>
public sealed record DurableExecutionSummary(
    string DurableExecutionArn,
    string DurableExecutionName,
    string FunctionArn,
    DurableExecutionStatus Status,
    DateTimeOffset StartTimestamp,
    DateTimeOffset? EndTimestamp = null,
    string? KMSKeyArn = null);

public sealed record GetDurableExecutionRequest(string DurableExecutionArn, bool? IncludeExecutionData = false);

public sealed record GetDurableExecutionResponse(
    string DurableExecutionArn,
    string DurableExecutionName,
    string FunctionArn,
    DateTimeOffset StartTimestamp,
    DurableExecutionStatus Status,
    string? InputPayload = null,
    string? Result = null,
    DurableErrorObject? Error = null,
    DateTimeOffset? EndTimestamp = null,
    string? Version = null,
    DurableTraceHeader? TraceHeader = null,
    bool? ExecutionDataIncluded = null,
    DurableConfig? DurableConfig = null,
    DurablePauseDetails? PauseDetails = null,
    DateTimeOffset? ExpectedExecutionTimeoutTimestamp = null);

/// <summary>GetDurableExecution's PauseDetails (while PAUSING or PAUSED); Reason only with IncludeExecutionData.</summary>
public sealed record DurablePauseDetails(
    DateTimeOffset PauseRequestTimestamp,
    bool ExecutionTimeoutPaused,
    string? Reason = null);

public sealed record DurableErrorObject(
    string? ErrorMessage = null,
    string? ErrorType = null,
    string? ErrorData = null,
    IReadOnlyList<string>? StackTrace = null);

public sealed record DurableTraceHeader(string? XAmznTraceId = null);

/// <summary>GetDurableExecutionHistory input; the response comes back unparsed as a <see cref="HistoryPage"/>.</summary>
/// <param name="ReverseOrder">true = newest first.</param>
/// <param name="MaxItems">Up to 1000 (default 100).</param>
public sealed record GetDurableExecutionHistoryRequest(
    string DurableExecutionArn,
    bool? IncludeExecutionData = false,
    int? MaxItems = null,
    string? Marker = null,
    bool? ReverseOrder = null);

/// <summary>
/// GetDurableExecutionState input (the durable SDK's replay API; it needs the running invocation's checkpoint token,
/// so an offline exporter cannot normally call it). The response comes back unparsed as a <see cref="HistoryPage"/>.
/// </summary>
public sealed record GetDurableExecutionStateRequest(
    string DurableExecutionArn,
    string CheckpointToken,
    string? Marker = null,
    int? MaxItems = null);
