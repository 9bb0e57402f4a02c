using System.Text.Json;

namespace Analytics.Emulator.Tests.Http.Support;

/// <summary>The response shapes of aws-wire-facts.md, transcribed member by member (`!` = required).</summary>
internal static partial class WireShapes
{
    public static readonly string[] HistoryEventTypes =
    [
        "ActivityFailed", "ActivityScheduleFailed", "ActivityScheduled", "ActivityStarted", "ActivitySucceeded",
        "ActivityTimedOut", "ChoiceStateEntered", "ChoiceStateExited", "EvaluationFailed", "ExecutionAborted",
        "ExecutionFailed", "ExecutionRedriven", "ExecutionStarted", "ExecutionSucceeded", "ExecutionTimedOut",
        "FailStateEntered", "LambdaFunctionFailed", "LambdaFunctionScheduleFailed", "LambdaFunctionScheduled",
        "LambdaFunctionStartFailed", "LambdaFunctionStarted", "LambdaFunctionSucceeded", "LambdaFunctionTimedOut",
        "MapIterationAborted", "MapIterationFailed", "MapIterationStarted", "MapIterationSucceeded", "MapRunAborted",
        "MapRunFailed", "MapRunRedriven", "MapRunStarted", "MapRunSucceeded", "MapStateAborted", "MapStateEntered",
        "MapStateExited", "MapStateFailed", "MapStateStarted", "MapStateSucceeded", "ParallelStateAborted",
        "ParallelStateEntered", "ParallelStateExited", "ParallelStateFailed", "ParallelStateStarted",
        "ParallelStateSucceeded", "PassStateEntered", "PassStateExited", "SucceedStateEntered", "SucceedStateExited",
        "TaskFailed", "TaskScheduled", "TaskStartFailed", "TaskStarted", "TaskStateAborted", "TaskStateEntered",
        "TaskStateExited", "TaskSubmitFailed", "TaskSubmitted", "TaskSucceeded", "TaskTimedOut", "WaitStateAborted",
        "WaitStateEntered", "WaitStateExited",
    ];

    private static readonly string[] s_typesWithoutDetails =
    [
        "LambdaFunctionStarted", "MapRunAborted", "MapRunSucceeded", "MapStateAborted", "MapStateFailed",
        "MapStateSucceeded", "ParallelStateAborted", "ParallelStateFailed", "ParallelStateStarted",
        "ParallelStateSucceeded", "TaskStateAborted", "WaitStateAborted",
    ];

    private static readonly (string Member, string Shape)[] s_eventDetails =
    [
        ("activityFailedEventDetails", "ErrorCause"), ("activityScheduleFailedEventDetails", "ErrorCause"),
        ("activityScheduledEventDetails", "ActivityScheduled"), ("activityStartedEventDetails", "ActivityStarted"),
        ("activitySucceededEventDetails", "Output"), ("activityTimedOutEventDetails", "ErrorCause"),
        ("taskFailedEventDetails", "TaskError"), ("taskScheduledEventDetails", "TaskScheduled"),
        ("taskStartFailedEventDetails", "TaskError"), ("taskStartedEventDetails", "TaskStarted"),
        ("taskSubmitFailedEventDetails", "TaskError"), ("taskSubmittedEventDetails", "TaskOutput"),
        ("taskSucceededEventDetails", "TaskOutput"), ("taskTimedOutEventDetails", "TaskError"),
        ("executionFailedEventDetails", "ErrorCause"), ("executionStartedEventDetails", "ExecutionStarted"),
        ("executionSucceededEventDetails", "Output"), ("executionAbortedEventDetails", "ErrorCause"),
        ("executionTimedOutEventDetails", "ErrorCause"), ("executionRedrivenEventDetails", "ExecutionRedriven"),
        ("mapStateStartedEventDetails", "MapStateStarted"), ("mapIterationStartedEventDetails", "MapIteration"),
        ("mapIterationSucceededEventDetails", "MapIteration"), ("mapIterationFailedEventDetails", "MapIteration"),
        ("mapIterationAbortedEventDetails", "MapIteration"), ("lambdaFunctionFailedEventDetails", "ErrorCause"),
        ("lambdaFunctionScheduleFailedEventDetails", "ErrorCause"), ("lambdaFunctionScheduledEventDetails", "LambdaScheduled"),
        ("lambdaFunctionStartFailedEventDetails", "ErrorCause"), ("lambdaFunctionSucceededEventDetails", "Output"),
        ("lambdaFunctionTimedOutEventDetails", "ErrorCause"), ("stateEnteredEventDetails", "StateEntered"),
        ("stateExitedEventDetails", "StateExited"), ("mapRunStartedEventDetails", "MapRunStarted"),
        ("mapRunFailedEventDetails", "ErrorCause"), ("mapRunRedrivenEventDetails", "MapRunRedriven"),
        ("evaluationFailedEventDetails", "EvaluationFailed"),
    ];

    public static WireSchema StepFunctions { get; } = BuildStepFunctions();

    private static WireSchema BuildStepFunctions()
    {
        var schema = new WireSchema { ExtraRule = HistoryEventRule }
            .Shape("ListStateMachinesOutput", "stateMachines:[StateMachineListItem!", "nextToken:s")
            .Shape("StateMachineListItem", "stateMachineArn:s!", "name:s!", "type:s!", "creationDate:t!")
            .Shape("DescribeStateMachineOutput", "stateMachineArn:s!", "name:s!", "definition:s!", "roleArn:s!", "type:s!",
                "creationDate:t!", "status:s", "loggingConfiguration:@LoggingConfiguration",
                "tracingConfiguration:@TracingConfiguration", "label:s", "revisionId:s", "description:s",
                "encryptionConfiguration:@EncryptionConfiguration", "variableReferences:{[s")
            .Shape("DescribeStateMachineForExecutionOutput", "stateMachineArn:s!", "name:s!", "definition:s!", "roleArn:s!",
                "updateDate:t!", "loggingConfiguration:@LoggingConfiguration", "tracingConfiguration:@TracingConfiguration",
                "mapRunArn:s", "label:s", "revisionId:s", "encryptionConfiguration:@EncryptionConfiguration",
                "variableReferences:{[s")
            .Shape("LoggingConfiguration", "level:s", "includeExecutionData:b", "destinations:*")
            .Shape("TracingConfiguration", "enabled:b")
            .Shape("EncryptionConfiguration", "type:s!", "kmsKeyId:s", "kmsDataKeyReusePeriodSeconds:n")
            .Shape("ListExecutionsOutput", "executions:[ExecutionListItem!", "nextToken:s")
            .Shape("ExecutionListItem", "executionArn:s!", "stateMachineArn:s!", "name:s!", "status:s!", "startDate:t!",
                "stopDate:t", "mapRunArn:s", "itemCount:n", "stateMachineVersionArn:s", "stateMachineAliasArn:s",
                "redriveCount:n", "redriveDate:t")
            .Shape("DescribeExecutionOutput", "executionArn:s!", "stateMachineArn:s!", "status:s!", "startDate:t!", "name:s",
                "stopDate:t", "input:s", "inputDetails:@Included", "output:s", "outputDetails:@Included", "traceHeader:s",
                "mapRunArn:s", "error:s", "cause:s", "stateMachineVersionArn:s", "stateMachineAliasArn:s", "redriveCount:n",
                "redriveDate:t", "redriveStatus:s", "redriveStatusReason:s")
            .Shape("Included", "included:b")
            .Shape("Truncated", "truncated:b")
            .Shape("ListMapRunsOutput", "mapRuns:[MapRunListItem!", "nextToken:s")
            .Shape("MapRunListItem", "executionArn:s!", "mapRunArn:s!", "stateMachineArn:s!", "startDate:t!", "stopDate:t")
            .Shape("DescribeMapRunOutput", "mapRunArn:s!", "executionArn:s!", "status:s!", "startDate:t!", "maxConcurrency:n!",
                "toleratedFailurePercentage:n!", "toleratedFailureCount:n!", "itemCounts:@MapRunCounts!",
                "executionCounts:@MapRunCounts!", "stopDate:t", "redriveCount:n", "redriveDate:t")
            .Shape("MapRunCounts", "pending:n!", "running:n!", "succeeded:n!", "failed:n!", "timedOut:n!", "aborted:n!",
                "total:n!", "resultsWritten:n!", "failuresNotRedrivable:n", "pendingRedrive:n")
            .Shape("GetExecutionHistoryOutput", "events:[HistoryEvent!", "nextToken:s")
            .Shape("HistoryEvent", ["timestamp:t!", "type:s!", "id:n!", "previousEventId:n",
                .. s_eventDetails.Select(d => $"{d.Member}:@{d.Shape}")])
            .Shape("ErrorCause", "error:s", "cause:s")
            .Shape("Output", "output:s", "outputDetails:@Truncated")
            .Shape("ActivityScheduled", "resource:s!", "input:s", "inputDetails:@Truncated", "timeoutInSeconds:n", "heartbeatInSeconds:n")
            .Shape("ActivityStarted", "workerName:s")
            .Shape("TaskError", "resourceType:s!", "resource:s!", "error:s", "cause:s")
            .Shape("TaskScheduled", "resourceType:s!", "resource:s!", "region:s!", "parameters:s!", "timeoutInSeconds:n",
                "heartbeatInSeconds:n", "taskCredentials:@TaskCredentials")
            .Shape("TaskCredentials", "roleArn:s")
            .Shape("TaskStarted", "resourceType:s!", "resource:s!")
            .Shape("TaskOutput", "resourceType:s!", "resource:s!", "output:s", "outputDetails:@Truncated")
            .Shape("ExecutionStarted", "input:s", "inputDetails:@Truncated", "roleArn:s", "stateMachineAliasArn:s", "stateMachineVersionArn:s")
            .Shape("ExecutionRedriven", "redriveCount:n")
            .Shape("MapStateStarted", "length:n")
            .Shape("MapIteration", "name:s", "index:n")
            .Shape("LambdaScheduled", "resource:s!", "input:s", "inputDetails:@Truncated", "timeoutInSeconds:n", "taskCredentials:@TaskCredentials")
            .Shape("StateEntered", "name:s!", "input:s", "inputDetails:@Truncated")
            .Shape("StateExited", "name:s!", "output:s", "outputDetails:@Truncated", "assignedVariables:{s",
                "assignedVariablesDetails:@Truncated")
            .Shape("MapRunStarted", "mapRunArn:s")
            .Shape("MapRunRedriven", "mapRunArn:s", "redriveCount:n")
            .Shape("EvaluationFailed", "state:s!", "error:s", "cause:s", "location:s");
        return schema;
    }

    /// <summary>The one details member an event type may carry (aws-wire-facts §2 HistoryEvent).</summary>
    public static string? DetailsMemberOf(string type)
    {
        if (Array.IndexOf(s_typesWithoutDetails, type) >= 0)
        {
            return null;
        }
        if (type.EndsWith("StateEntered", StringComparison.Ordinal))
        {
            return "stateEnteredEventDetails";
        }
        if (type.EndsWith("StateExited", StringComparison.Ordinal))
        {
            return "stateExitedEventDetails";
        }
        return char.ToLowerInvariant(type[0]) + type[1..] + "EventDetails";
    }

    private static void HistoryEventRule(JsonElement element, string shape, string path, List<string> problems)
    {
        if (shape != "HistoryEvent" || !element.TryGetProperty("type", out var typeElement))
        {
            return;
        }
        var type = typeElement.GetString()!;
        if (Array.IndexOf(HistoryEventTypes, type) < 0)
        {
            problems.Add($"{path}.type: {type} is not a HistoryEventType");
        }
        var expected = DetailsMemberOf(type);
        foreach (var property in element.EnumerateObject())
        {
            if (property.Name.EndsWith("EventDetails", StringComparison.Ordinal) && property.Name != expected)
            {
                problems.Add($"{path}: {type} must not carry {property.Name} (expected {expected ?? "none"})");
            }
        }
    }
}
