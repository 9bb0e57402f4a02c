using System.Text.Json.Serialization;

namespace Analytics.Aws.Lambda.Model;

/// <param name="FunctionVersion">ALL to list published versions too (default: $LATEST only).</param>
/// <param name="MaxItems">At most 50 per page whatever is asked.</param>
public sealed record ListFunctionsRequest(string? MasterRegion = null, string? FunctionVersion = null, string? Marker = null, int? MaxItems = null);

public sealed record ListFunctionsResponse(IReadOnlyList<FunctionConfiguration>? Functions = null, string? NextMarker = null);

public sealed record GetFunctionConfigurationRequest(string FunctionName, string? Qualifier = null);

/// <summary>
/// A function's configuration (every member optional on the wire). <c>Environment</c> is deliberately not read:
/// its variables may hold secrets and the exporter has no use for them.
/// </summary>
/// <param name="LastModified">A plain ISO-8601 string with a numeric offset (not an epoch timestamp).</param>
public sealed record FunctionConfiguration(
    string? FunctionName = null,
    string? FunctionArn = null,
    string? Runtime = null,
    string? Role = null,
    string? Handler = null,
    long? CodeSize = null,
    string? Description = null,
    int? Timeout = null,
    int? MemorySize = null,
    string? LastModified = null,
    string? CodeSha256 = null,
    string? Version = null,
    string? KMSKeyArn = null,
    string? MasterArn = null,
    string? RevisionId = null,
    string? State = null,
    string? StateReason = null,
    string? StateReasonCode = null,
    string? LastUpdateStatus = null,
    string? LastUpdateStatusReason = null,
    string? LastUpdateStatusReasonCode = null,
    string? PackageType = null,
    IReadOnlyList<string>? Architectures = null,
    TracingConfig? TracingConfig = null,
    DeadLetterConfig? DeadLetterConfig = null,
    LoggingConfig? LoggingConfig = null,
    EphemeralStorage? EphemeralStorage = null,
    IReadOnlyList<FunctionLayer>? Layers = null,
    DurableConfig? DurableConfig = null)
{
    /// <summary>Whether this is a durable function (its configuration carries a DurableConfig).</summary>
    public bool IsDurable => DurableConfig is not null;
}

/// <param name="RetentionPeriodInDays">1..90; the default is undocumented, so always read it.</param>
/// <param name="ExecutionTimeout">Seconds, 1..31,622,400.</param>
public sealed record DurableConfig(string? KMSKeyArn = null, int? RetentionPeriodInDays = null, int? ExecutionTimeout = null);

public sealed record TracingConfig(string? Mode = null);

public sealed record DeadLetterConfig(string? TargetArn = null);

public sealed record LoggingConfig(string? LogFormat = null, string? ApplicationLogLevel = null, string? SystemLogLevel = null, string? LogGroup = null);

public sealed record EphemeralStorage(int? Size = null);

public sealed record FunctionLayer(string? Arn = null, long? CodeSize = null, string? SigningProfileVersionArn = null, string? SigningJobArn = null);

/// <param name="MaxItems">1..50.</param>
public sealed record ListFunctionEventInvokeConfigsRequest(string FunctionName, string? Marker = null, int? MaxItems = null);

public sealed record ListFunctionEventInvokeConfigsResponse(
    IReadOnlyList<FunctionEventInvokeConfig>? FunctionEventInvokeConfigs = null,
    string? NextMarker = null);

/// <param name="FunctionArn">Qualified: <c>…:function:&lt;name&gt;:&lt;version|alias|$LATEST&gt;</c>.</param>
public sealed record FunctionEventInvokeConfig(
    DateTimeOffset? LastModified = null,
    string? FunctionArn = null,
    int? MaximumRetryAttempts = null,
    int? MaximumEventAgeInSeconds = null,
    DestinationConfig? DestinationConfig = null);

public sealed record DestinationConfig(DestinationTarget? OnSuccess = null, DestinationTarget? OnFailure = null);

/// <param name="DestinationArn">The wire member <c>Destination</c>: an SQS, SNS, Lambda or EventBridge ARN.</param>
public sealed record DestinationTarget([property: JsonPropertyName("Destination")] string? DestinationArn = null);
