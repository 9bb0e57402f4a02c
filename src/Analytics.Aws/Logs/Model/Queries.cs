namespace Analytics.Aws.Logs.Model;

/// <summary>
/// Logs Insights StartQuery (<paramref name="QueryLanguage"/> CWLI when absent, the only one the emulator runs). Exactly one of <paramref name="LogGroupName"/>, <paramref name="LogGroupNames"/> and
/// <paramref name="LogGroupIdentifiers"/> (ARNs without <c>:*</c>). Times are epoch <b>seconds</b>, both inclusive.
/// </summary>
public sealed record StartQueryRequest(
    string QueryString,
    long StartTime,
    long EndTime,
    string? LogGroupName = null,
    IReadOnlyList<string>? LogGroupNames = null,
    IReadOnlyList<string>? LogGroupIdentifiers = null,
    int? Limit = null,
    string? QueryLanguage = null);

public sealed record StartQueryResponse(string QueryId);

public sealed record GetQueryResultsRequest(string QueryId, int? MaxItems = null, string? NextToken = null);

/// <param name="Status">Scheduled, Running, Complete, Failed, Cancelled, Timeout or Unknown.</param>
public sealed record GetQueryResultsResponse(
    IReadOnlyList<IReadOnlyList<ResultField>> Results,
    string Status,
    QueryStatistics? Statistics = null,
    string? NextToken = null,
    string? QueryLanguage = null)
{
    /// <summary>Whether the query has ended (its results are final).</summary>
    public bool IsFinished => Status is not ("Scheduled" or "Running");
}

public sealed record ResultField(string? Field = null, string? Value = null);

/// <param name="BytesScanned">What the query is billed on (per GB scanned).</param>
public sealed record QueryStatistics(
    double? RecordsMatched = null,
    double? RecordsScanned = null,
    double? EstimatedRecordsSkipped = null,
    double? BytesScanned = null,
    double? EstimatedBytesSkipped = null,
    double? LogGroupsScanned = null,
    double? ResultCount = null);

public sealed record StopQueryRequest(string QueryId);

public sealed record StopQueryResponse(bool? Success = null);
