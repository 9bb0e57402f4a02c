using System.Runtime.CompilerServices;
using Analytics.Core.Json;
using Analytics.Core.Schemas;

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

    // The events column of each detail member whose value is plain text (-1: not such a member).
    private static readonly int[] s_textColumns = BuildTextColumns();

    /// <summary>The events column a plain-text detail member goes to, or -1.</summary>
    public static int TextColumn(int detail) => s_textColumns[detail];

    private static int[] BuildTextColumns()
    {
        var columns = new int[Location + 1];
        Array.Fill(columns, -1);
        columns[Name] = columns[State] = EventColumns.StateName;
        columns[Error] = EventColumns.Error;
        columns[Cause] = EventColumns.Cause;
        columns[Resource] = EventColumns.Resource;
        columns[ResourceType] = EventColumns.ResourceType;
        columns[Region] = EventColumns.TaskRegion;
        columns[RoleArn] = EventColumns.RoleArn;
        columns[StateMachineAliasArn] = EventColumns.StateMachineAliasArn;
        columns[StateMachineVersionArn] = EventColumns.StateMachineVersionArn;
        columns[WorkerName] = EventColumns.WorkerName;
        columns[MapRunArn] = EventColumns.MapRunArn;
        columns[Location] = EventColumns.EvaluationLocation;
        return columns;
    }

    /// <summary>
    /// The code of a HistoryEvent member name: the four scalar members by length and literal comparison (no hashing),
    /// the details objects through <see cref="Event"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int FindEventMember(ReadOnlySpan<byte> name) => name.Length switch
    {
        2 when name.SequenceEqual("id"u8) => Id,
        4 when name.SequenceEqual("type"u8) => Type,
        9 when name.SequenceEqual("timestamp"u8) => Timestamp,
        15 when name.SequenceEqual("previousEventId"u8) => PreviousEventId,
        < 15 => -1,
        _ => Event.Find(name),
    };

    /// <summary>
    /// The code of a detail member name, dispatched on length then compared with the literal (the JIT unrolls
    /// these comparisons): the same answers as <see cref="Detail"/>, without hashing.
    /// </summary>
    public static int FindDetail(ReadOnlySpan<byte> name) => name.Length switch
    {
        4 => name.SequenceEqual("name"u8) ? Name : -1,
        5 => name[0] switch
        {
            (byte)'s' when name.SequenceEqual("state"u8) => State,
            (byte)'e' when name.SequenceEqual("error"u8) => Error,
            (byte)'c' when name.SequenceEqual("cause"u8) => Cause,
            (byte)'i' when name.SequenceEqual("input"u8) => Input,
            (byte)'i' when name.SequenceEqual("index"u8) => Index,
            _ => -1,
        },
        6 => name[0] switch
        {
            (byte)'r' when name.SequenceEqual("region"u8) => Region,
            (byte)'o' when name.SequenceEqual("output"u8) => Output,
            (byte)'l' when name.SequenceEqual("length"u8) => Length,
            _ => -1,
        },
        7 => name.SequenceEqual("roleArn"u8) ? RoleArn : -1,
        8 => name[0] switch
        {
            (byte)'r' when name.SequenceEqual("resource"u8) => Resource,
            (byte)'l' when name.SequenceEqual("location"u8) => Location,
            _ => -1,
        },
        9 => name.SequenceEqual("mapRunArn"u8) ? MapRunArn : -1,
        10 => name[0] switch
        {
            (byte)'p' when name.SequenceEqual("parameters"u8) => Parameters,
            (byte)'w' when name.SequenceEqual("workerName"u8) => WorkerName,
            _ => -1,
        },
        12 => name[0] switch
        {
            (byte)'r' when name.SequenceEqual("resourceType"u8) => ResourceType,
            (byte)'r' when name.SequenceEqual("redriveCount"u8) => RedriveCount,
            (byte)'i' when name.SequenceEqual("inputDetails"u8) => InputDetails,
            _ => -1,
        },
        13 => name.SequenceEqual("outputDetails"u8) ? OutputDetails : -1,
        15 => name.SequenceEqual("taskCredentials"u8) ? TaskCredentials : -1,
        16 => name.SequenceEqual("timeoutInSeconds"u8) ? TimeoutInSeconds : -1,
        17 => name.SequenceEqual("assignedVariables"u8) ? AssignedVariables : -1,
        18 => name.SequenceEqual("heartbeatInSeconds"u8) ? HeartbeatInSeconds : -1,
        20 => name.SequenceEqual("stateMachineAliasArn"u8) ? StateMachineAliasArn : -1,
        22 => name.SequenceEqual("stateMachineVersionArn"u8) ? StateMachineVersionArn : -1,
        24 => name.SequenceEqual("assignedVariablesDetails"u8) ? AssignedVariablesDetails : -1,
        _ => -1,
    };
}
