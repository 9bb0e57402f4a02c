namespace Analytics.Aws.Logs.Model;

/// <summary>
/// FilterLogEvents. Exactly one of <paramref name="LogGroupName"/> and <paramref name="LogGroupIdentifier"/> (a name
/// or an ARN); at most one of <paramref name="LogStreamNames"/> and <paramref name="LogStreamNamePrefix"/>. Times are
/// epoch milliseconds on the event's timestamp, both ends inclusive; <paramref name="Limit"/> 1-10,000;
/// <paramref name="StartFromHead"/> false (newest first) needs a start on or after 2024-01-01.
/// </summary>
public sealed record FilterLogEventsRequest(
    string? LogGroupName = null,
    string? LogGroupIdentifier = null,
    IReadOnlyList<string>? LogStreamNames = null,
    string? LogStreamNamePrefix = null,
    long? StartTime = null,
    long? EndTime = null,
    string? FilterPattern = null,
    int? Limit = null,
    string? NextToken = null,
    bool? StartFromHead = null);
