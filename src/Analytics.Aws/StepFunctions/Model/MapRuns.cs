namespace Analytics.Aws.StepFunctions.Model;

public sealed record ListMapRunsRequest(string ExecutionArn, int? MaxResults = null, string? NextToken = null);

public sealed record ListMapRunsResponse(IReadOnlyList<MapRunListItem> MapRuns, string? NextToken = null);

public sealed record MapRunListItem(
    string ExecutionArn,
    string MapRunArn,
    string StateMachineArn,
    DateTimeOffset StartDate,
    DateTimeOffset? StopDate = null);

public sealed record DescribeMapRunRequest(string MapRunArn);

public sealed record DescribeMapRunResponse(
    string MapRunArn,
    string ExecutionArn,
    string Status,
    DateTimeOffset StartDate,
    int MaxConcurrency,
    double ToleratedFailurePercentage,
    long ToleratedFailureCount,
    MapRunCounts ItemCounts,
    MapRunCounts ExecutionCounts,
    DateTimeOffset? StopDate = null,
    int? RedriveCount = null,
    DateTimeOffset? RedriveDate = null);

/// <summary>itemCounts / executionCounts of a Map Run.</summary>
public sealed record MapRunCounts(
    long Pending,
    long Running,
    long Succeeded,
    long Failed,
    long TimedOut,
    long Aborted,
    long Total,
    long ResultsWritten,
    long? FailuresNotRedrivable = null,
    long? PendingRedrive = null);
