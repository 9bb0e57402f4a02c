using Analytics.Core.Json;

namespace Analytics.Core.StepFunctions;

/// <summary>The member names of a HistoryEvent and of its detail objects, as lookup tables.</summary>
internal static class HistoryMembers
{
    public const int Timestamp = 0, Type = 1, Id = 2, PreviousEventId = 3, Details = 4;

    public static readonly Utf8NameTable Event = new(
        ("timestamp", Timestamp), ("type", Type), ("id", Id), ("previousEventId", PreviousEventId),
        ("activityFailedEventDetails", Details), ("activityScheduleFailedEventDetails", Details),
        ("activityScheduledEventDetails", Details), ("activityStartedEventDetails", Details),
        ("activitySucceededEventDetails", Details), ("activityTimedOutEventDetails", Details),
        ("taskFailedEventDetails", Details), ("taskScheduledEventDetails", Details),
        ("taskStartFailedEventDetails", Details), ("taskStartedEventDetails", Details),
        ("taskSubmitFailedEventDetails", Details), ("taskSubmittedEventDetails", Details),
        ("taskSucceededEventDetails", Details), ("taskTimedOutEventDetails", Details),
        ("executionFailedEventDetails", Details), ("executionStartedEventDetails", Details),
        ("executionSucceededEventDetails", Details), ("executionAbortedEventDetails", Details),
        ("executionTimedOutEventDetails", Details), ("executionRedrivenEventDetails", Details),
        ("mapStateStartedEventDetails", Details), ("mapIterationStartedEventDetails", Details),
        ("mapIterationSucceededEventDetails", Details), ("mapIterationFailedEventDetails", Details),
        ("mapIterationAbortedEventDetails", Details), ("lambdaFunctionFailedEventDetails", Details),
        ("lambdaFunctionScheduleFailedEventDetails", Details), ("lambdaFunctionScheduledEventDetails", Details),
        ("lambdaFunctionStartFailedEventDetails", Details), ("lambdaFunctionSucceededEventDetails", Details),
        ("lambdaFunctionTimedOutEventDetails", Details), ("stateEnteredEventDetails", Details),
        ("stateExitedEventDetails", Details), ("mapRunStartedEventDetails", Details),
        ("mapRunFailedEventDetails", Details), ("mapRunRedrivenEventDetails", Details),
        ("evaluationFailedEventDetails", Details));

    public const int Name = 0, State = 1, Error = 2, Cause = 3, Resource = 4, ResourceType = 5, Region = 6,
        Parameters = 7, Input = 8, Output = 9, InputDetails = 10, OutputDetails = 11, AssignedVariables = 12,
        AssignedVariablesDetails = 13, TimeoutInSeconds = 14, HeartbeatInSeconds = 15, TaskCredentials = 16,
        RoleArn = 17, StateMachineAliasArn = 18, StateMachineVersionArn = 19, RedriveCount = 20, Length = 21,
        Index = 22, WorkerName = 23, MapRunArn = 24, Location = 25;

    public static readonly Utf8NameTable Detail = new(
        ("name", Name), ("state", State), ("error", Error), ("cause", Cause), ("resource", Resource),
        ("resourceType", ResourceType), ("region", Region), ("parameters", Parameters), ("input", Input),
        ("output", Output), ("inputDetails", InputDetails), ("outputDetails", OutputDetails),
        ("assignedVariables", AssignedVariables), ("assignedVariablesDetails", AssignedVariablesDetails),
        ("timeoutInSeconds", TimeoutInSeconds), ("heartbeatInSeconds", HeartbeatInSeconds),
        ("taskCredentials", TaskCredentials), ("roleArn", RoleArn), ("stateMachineAliasArn", StateMachineAliasArn),
        ("stateMachineVersionArn", StateMachineVersionArn), ("redriveCount", RedriveCount), ("length", Length),
        ("index", Index), ("workerName", WorkerName), ("mapRunArn", MapRunArn), ("location", Location));
}
