namespace Analytics.Aws.Logs.Model;

/// <summary>At most one of the prefix and the pattern; <paramref name="Limit"/> 1-50.</summary>
public sealed record DescribeLogGroupsRequest(
    string? LogGroupNamePrefix = null,
    string? LogGroupNamePattern = null,
    IReadOnlyList<string>? LogGroupIdentifiers = null,
    int? Limit = null,
    string? NextToken = null,
    string? LogGroupClass = null);

public sealed record DescribeLogGroupsResponse(IReadOnlyList<LogGroup> LogGroups, string? NextToken = null);

/// <param name="CreationTime">Epoch milliseconds.</param>
/// <param name="Arn">The ARN ending in <c>:*</c> (as Step Functions' loggingConfiguration names it).</param>
/// <param name="LogGroupArn">The ARN without <c>:*</c> (as StartQuery's logGroupIdentifiers need it).</param>
public sealed record LogGroup(
    string LogGroupName,
    long? CreationTime = null,
    string? Arn = null,
    string? LogGroupArn = null,
    long? StoredBytes = null,
    int? RetentionInDays = null,
    string? LogGroupClass = null,
    int? MetricFilterCount = null,
    string? KmsKeyId = null);
