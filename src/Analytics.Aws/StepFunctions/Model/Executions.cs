namespace Analytics.Aws.StepFunctions.Model;

/// <summary>Give <paramref name="StateMachineArn"/> or <paramref name="MapRunArn"/>, never both.</summary>
/// <param name="StatusFilter">RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED or PENDING_REDRIVE (the last needs a map run).</param>
/// <param name="RedriveFilter">REDRIVEN or NOT_REDRIVEN.</param>
public sealed record ListExecutionsRequest(
    string? StateMachineArn = null,
    string? MapRunArn = null,
    string? StatusFilter = null,
    string? RedriveFilter = null,
    int? MaxResults = null,
    string? NextToken = null);

public sealed record ListExecutionsResponse(IReadOnlyList<ExecutionListItem> Executions, string? NextToken = null);

public sealed record ExecutionListItem(
    string ExecutionArn,
    string StateMachineArn,
    string Name,
    ExecutionStatus Status,
    DateTimeOffset StartDate,
    DateTimeOffset? StopDate = null,
    string? MapRunArn = null,
    int? ItemCount = null,
    string? StateMachineVersionArn = null,
    string? StateMachineAliasArn = null,
    int? RedriveCount = null,
    DateTimeOffset? RedriveDate = null);

public sealed record DescribeExecutionRequest(string ExecutionArn, string? IncludedData = null);

public sealed record DescribeExecutionResponse(
    string ExecutionArn,
    string StateMachineArn,
    ExecutionStatus Status,
    DateTimeOffset StartDate,
    string? Name = null,
    DateTimeOffset? StopDate = null,
    string? Input = null,
    ExecutionDataIncluded? InputDetails = null,
    string? Output = null,
    ExecutionDataIncluded? OutputDetails = null,
    string? TraceHeader = null,
    string? MapRunArn = null,
    string? Error = null,
    string? Cause = null,
    string? StateMachineVersionArn = null,
    string? StateMachineAliasArn = null,
    int? RedriveCount = null,
    DateTimeOffset? RedriveDate = null,
    string? RedriveStatus = null,
    string? RedriveStatusReason = null);

public sealed record ExecutionDataIncluded(bool? Included = null);

/// <summary>GetExecutionHistory input. The response is not deserialized: it comes back as a <see cref="HistoryPage"/>.</summary>
/// <param name="IncludeExecutionData">Payloads (input/output) are left out unless this is true (SPEC §9).</param>
public sealed record GetExecutionHistoryRequest(
    string ExecutionArn,
    int? MaxResults = null,
    bool? ReverseOrder = null,
    string? NextToken = null,
    bool? IncludeExecutionData = false);
