using System.Text.Json;

namespace Analytics.Emulator.Tests.Http.Support;

internal static partial class WireShapes
{
    public static readonly string[] DurableEventTypes =
    [
        "ExecutionStarted", "ExecutionSucceeded", "ExecutionFailed", "ExecutionTimedOut", "ExecutionStopped",
        "ContextStarted", "ContextSucceeded", "ContextFailed", "WaitStarted", "WaitSucceeded", "WaitCancelled",
        "StepStarted", "StepSucceeded", "StepFailed", "ChainedInvokeStarted", "ChainedInvokeSucceeded",
        "ChainedInvokeFailed", "ChainedInvokeTimedOut", "ChainedInvokeStopped", "CallbackStarted", "CallbackSucceeded",
        "CallbackFailed", "CallbackTimedOut", "InvocationCompleted", "ExecutionPaused", "ExecutionResumed",
    ];

    /// <summary>Members ListFunctions leaves out (read them with GetFunctionConfiguration).</summary>
    public static readonly string[] NotInListFunctions =
    [
        "State", "StateReason", "StateReasonCode", "LastUpdateStatus", "LastUpdateStatusReason",
        "LastUpdateStatusReasonCode", "RuntimeVersionConfig",
    ];

    public static WireSchema Lambda { get; } = BuildLambda();

    private static WireSchema BuildLambda() => new WireSchema { ExtraRule = DurableEventRule }
        .Shape("ListFunctionsResponse", "NextMarker:s", "Functions:[FunctionConfiguration")
        .Shape("FunctionConfiguration", "FunctionName:s", "FunctionArn:s", "Runtime:s", "Role:s", "Handler:s", "CodeSize:n",
            "Description:s", "Timeout:n", "MemorySize:n", "LastModified:s", "CodeSha256:s", "Version:s", "VpcConfig:*",
            "DeadLetterConfig:*", "Environment:*", "KMSKeyArn:s", "TracingConfig:@TracingConfigResponse", "MasterArn:s",
            "RevisionId:s", "Layers:*", "State:s", "StateReason:s", "StateReasonCode:s", "LastUpdateStatus:s",
            "LastUpdateStatusReason:s", "LastUpdateStatusReasonCode:s", "FileSystemConfigs:*", "SigningProfileVersionArn:s",
            "SigningJobArn:s", "PackageType:s", "ImageConfigResponse:*", "Architectures:[s", "EphemeralStorage:@EphemeralStorage",
            "SnapStart:*", "RuntimeVersionConfig:*", "LoggingConfig:@LoggingConfig", "TenancyConfig:*",
            "CapacityProviderConfig:*", "ConfigSha256:s", "DurableConfig:@DurableConfig")
        .Shape("TracingConfigResponse", "Mode:s")
        .Shape("EphemeralStorage", "Size:n!")
        .Shape("LoggingConfig", "LogFormat:s", "ApplicationLogLevel:s", "SystemLogLevel:s", "LogGroup:s")
        .Shape("DurableConfig", "KMSKeyArn:s", "RetentionPeriodInDays:n", "ExecutionTimeout:n")
        .Shape("ListFunctionEventInvokeConfigsResponse", "FunctionEventInvokeConfigs:[FunctionEventInvokeConfig", "NextMarker:s")
        .Shape("FunctionEventInvokeConfig", "LastModified:t", "FunctionArn:s", "MaximumRetryAttempts:n",
            "MaximumEventAgeInSeconds:n", "DestinationConfig:@DestinationConfig")
        .Shape("DestinationConfig", "OnSuccess:@Destination", "OnFailure:@Destination")
        .Shape("Destination", "Destination:s")
        .Shape("ListDurableExecutionsByFunctionResponse", "DurableExecutions:[Execution", "NextMarker:s")
        .Shape("Execution", "DurableExecutionArn:s!", "DurableExecutionName:s!", "FunctionArn:s!", "Status:s!",
            "StartTimestamp:t!", "EndTimestamp:t", "KMSKeyArn:s")
        .Shape("GetDurableExecutionResponse", "DurableExecutionArn:s!", "DurableExecutionName:s!", "FunctionArn:s!",
            "StartTimestamp:t!", "Status:s!", "InputPayload:s", "Result:s", "Error:@ErrorObject", "EndTimestamp:t",
            "Version:s", "TraceHeader:@TraceHeader", "ExecutionDataIncluded:b", "DurableConfig:@DurableConfig",
            "PauseDetails:@PauseDetails", "ExpectedExecutionTimeoutTimestamp:t")
        .Shape("PauseDetails", "PauseRequestTimestamp:t!", "Reason:s", "ExecutionTimeoutPaused:b!")
        .Shape("TraceHeader", "XAmznTraceId:s")
        .Shape("ErrorObject", "ErrorMessage:s", "ErrorType:s", "ErrorData:s", "StackTrace:[s")
        .Shape("GetDurableExecutionHistoryResponse", "Events:[Event!", "NextMarker:s")
        .Shape("Event", "EventType:s", "SubType:s", "EventId:n", "Id:s", "Name:s", "EventTimestamp:t", "ParentId:s",
            "ExecutionStartedDetails:@ExecutionStartedDetails", "ExecutionSucceededDetails:@ResultDetails",
            "ExecutionFailedDetails:@ErrorDetails", "ExecutionStoppedDetails:@ErrorDetails",
            "ExecutionTimedOutDetails:@OptionalErrorDetails", "ContextStartedDetails:@Empty",
            "ContextSucceededDetails:@ResultDetails", "ContextFailedDetails:@ErrorDetails",
            "WaitStartedDetails:@WaitStartedDetails", "WaitSucceededDetails:@WaitSucceededDetails",
            "WaitCancelledDetails:@OptionalErrorDetails", "StepStartedDetails:@Empty",
            "StepSucceededDetails:@StepSucceededDetails", "StepFailedDetails:@StepFailedDetails",
            "ChainedInvokeStartedDetails:@ChainedInvokeStartedDetails", "ChainedInvokeSucceededDetails:@ResultDetails",
            "ChainedInvokeFailedDetails:@ErrorDetails", "ChainedInvokeTimedOutDetails:@ErrorDetails",
            "ChainedInvokeStoppedDetails:@ErrorDetails", "CallbackStartedDetails:@CallbackStartedDetails",
            "CallbackSucceededDetails:@ResultDetails", "CallbackFailedDetails:@ErrorDetails",
            "CallbackTimedOutDetails:@ErrorDetails", "InvocationCompletedDetails:@InvocationCompletedDetails",
            "ExecutionPausedDetails:@ExecutionPausedDetails", "ExecutionResumedDetails:@ExecutionResumedDetails")
        .Shape("ExecutionPausedDetails", "PauseRequestTimestamp:t!", "Reason:@EventReason", "ExecutionTimeoutPaused:b!")
        .Shape("ExecutionResumedDetails", "ResumeRequestTimestamp:t!", "Reason:@EventReason")
        .Shape("EventReason", "Payload:s", "Truncated:b")
        .Shape("Empty")
        .Shape("EventInput", "Payload:s", "Truncated:b")
        .Shape("EventResult", "Payload:s", "Truncated:b")
        .Shape("EventError", "Payload:@ErrorObject", "Truncated:b")
        .Shape("ExecutionStartedDetails", "Input:@EventInput!", "ExecutionTimeout:n!")
        .Shape("ResultDetails", "Result:@EventResult!")
        .Shape("ErrorDetails", "Error:@EventError!")
        .Shape("OptionalErrorDetails", "Error:@EventError")
        .Shape("WaitStartedDetails", "Duration:n!", "ScheduledEndTimestamp:t!")
        .Shape("WaitSucceededDetails", "Duration:n")
        .Shape("RetryDetails", "CurrentAttempt:n", "NextAttemptDelaySeconds:n")
        .Shape("StepSucceededDetails", "Result:@EventResult!", "RetryDetails:@RetryDetails!")
        .Shape("StepFailedDetails", "Error:@EventError!", "RetryDetails:@RetryDetails!")
        .Shape("ChainedInvokeStartedDetails", "FunctionName:s!", "TenantId:s", "Input:@EventInput", "ExecutedVersion:s",
            "DurableExecutionArn:s")
        .Shape("CallbackStartedDetails", "CallbackId:s!", "HeartbeatTimeout:n", "Timeout:n")
        .Shape("InvocationCompletedDetails", "StartTimestamp:t!", "EndTimestamp:t!", "RequestId:s!", "Error:@EventError")
        .Shape("GetDurableExecutionStateResponse", "Operations:[Operation!", "NextMarker:s")
        .Shape("Operation", "Id:s!", "Type:s!", "StartTimestamp:t!", "Status:s!", "ParentId:s", "Name:s", "SubType:s",
            "EndTimestamp:t", "ExecutionDetails:@ExecutionDetails", "ContextDetails:@ContextDetails",
            "StepDetails:@StepDetails", "WaitDetails:@WaitDetails", "CallbackDetails:@CallbackDetails",
            "ChainedInvokeDetails:@ChainedInvokeDetails")
        .Shape("ExecutionDetails", "InputPayload:s")
        .Shape("ContextDetails", "ReplayChildren:b", "Result:s", "Error:@ErrorObject")
        .Shape("StepDetails", "Attempt:n", "NextAttemptTimestamp:t", "Result:s", "Error:@ErrorObject")
        .Shape("WaitDetails", "ScheduledEndTimestamp:t")
        .Shape("CallbackDetails", "CallbackId:s", "Result:s", "Error:@ErrorObject")
        .Shape("ChainedInvokeDetails", "Result:s", "Error:@ErrorObject");

    private static void DurableEventRule(JsonElement element, string shape, string path, List<string> problems)
    {
        if (shape != "Event" || !element.TryGetProperty("EventType", out var typeElement))
        {
            return;
        }
        var type = typeElement.GetString()!;
        if (Array.IndexOf(DurableEventTypes, type) < 0)
        {
            problems.Add($"{path}.EventType: {type} is not a durable EventType");
        }
        foreach (var property in element.EnumerateObject())
        {
            if (property.Name.EndsWith("Details", StringComparison.Ordinal) && property.Name != type + "Details")
            {
                problems.Add($"{path}: {type} must not carry {property.Name}");
            }
        }
    }
}
