namespace Analytics.Aws.StepFunctions.Model;

public sealed record ListStateMachinesRequest(int? MaxResults = null, string? NextToken = null);

public sealed record ListStateMachinesResponse(IReadOnlyList<StateMachineListItem> StateMachines, string? NextToken = null);

/// <param name="Type">STANDARD or EXPRESS (unknown values are passed through).</param>
public sealed record StateMachineListItem(string StateMachineArn, string Name, string Type, DateTimeOffset CreationDate);

/// <param name="IncludedData">ALL_DATA or METADATA_ONLY.</param>
public sealed record DescribeStateMachineRequest(string StateMachineArn, string? IncludedData = null);

public sealed record DescribeStateMachineResponse(
    string StateMachineArn,
    string Name,
    string Definition,
    string RoleArn,
    string Type,
    DateTimeOffset CreationDate,
    string? Status = null,
    LoggingConfiguration? LoggingConfiguration = null,
    TracingConfiguration? TracingConfiguration = null,
    string? Label = null,
    string? RevisionId = null,
    string? Description = null,
    EncryptionConfiguration? EncryptionConfiguration = null,
    IReadOnlyDictionary<string, IReadOnlyList<string>>? VariableReferences = null);

public sealed record DescribeStateMachineForExecutionRequest(string ExecutionArn, string? IncludedData = null);

public sealed record DescribeStateMachineForExecutionResponse(
    string StateMachineArn,
    string Name,
    string Definition,
    string RoleArn,
    DateTimeOffset UpdateDate,
    LoggingConfiguration? LoggingConfiguration = null,
    TracingConfiguration? TracingConfiguration = null,
    string? MapRunArn = null,
    string? Label = null,
    string? RevisionId = null,
    EncryptionConfiguration? EncryptionConfiguration = null,
    IReadOnlyDictionary<string, IReadOnlyList<string>>? VariableReferences = null);

public sealed record LoggingConfiguration(string? Level = null, bool? IncludeExecutionData = null, IReadOnlyList<LogDestination>? Destinations = null);

public sealed record LogDestination(CloudWatchLogsLogGroup? CloudWatchLogsLogGroup = null);

public sealed record CloudWatchLogsLogGroup(string? LogGroupArn = null);

public sealed record TracingConfiguration(bool? Enabled = null);

public sealed record EncryptionConfiguration(string Type, string? KmsKeyId = null, int? KmsDataKeyReusePeriodSeconds = null);
