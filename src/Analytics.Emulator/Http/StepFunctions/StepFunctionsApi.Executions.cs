using System.Text.Json;
using Analytics.Emulator.Http.Json;
using Analytics.Emulator.Http.Paging;
using Analytics.Emulator.World;

namespace Analytics.Emulator.Http.StepFunctions;

internal sealed partial class StepFunctionsApi
{
    private static readonly string[] s_executionStatuses =
        ["RUNNING", "SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED", "PENDING_REDRIVE"];

    private void ListExecutions(SfnInput input, Utf8JsonWriter output)
    {
        var machineArn = input.String("stateMachineArn");
        var mapRunArn = input.String("mapRunArn");
        var status = input.Enum("statusFilter", s_executionStatuses);
        var redrive = input.Enum("redriveFilter", "REDRIVEN", "NOT_REDRIVEN");
        var pageSize = input.PageSize();
        if ((machineArn is null) == (mapRunArn is null))
        {
            throw SfnErrors.Validation("Exactly one of stateMachineArn or mapRunArn must be provided",
                "MISSING_REQUIRED_PARAMETER");
        }

        IPagedList<ExecutionRecord> executions;
        if (machineArn is not null)
        {
            ResourceType(machineArn, "stateMachine");
            var machine = world.FindStateMachine(machineArn) ?? throw SfnErrors.StateMachineDoesNotExist(machineArn);
            if (machine.Label is not null)
            {
                throw SfnErrors.Validation(
                    $"Use mapRunArn to list the executions of a Distributed Map: '{machineArn}'", "API_DOES_NOT_SUPPORT_LABELED_ARNS");
            }
            if (machine.Type == "EXPRESS")
            {
                throw SfnErrors.TypeNotSupported(machineArn);
            }
            if (status == "PENDING_REDRIVE")
            {
                throw SfnErrors.Validation("statusFilter PENDING_REDRIVE can only be used together with mapRunArn");
            }
            executions = world.ListExecutions(machineArn);
        }
        else
        {
            ResourceType(mapRunArn!, "mapRun");
            _ = world.FindMapRun(mapRunArn!) ?? throw SfnErrors.ResourceNotFound(mapRunArn!);
            executions = world.ListMapRunExecutions(mapRunArn!);
        }

        var arguments = $"ListExecutions\n{machineArn}\n{mapRunArn}\n{status}\n{redrive}";
        Func<ExecutionRecord, bool>? matches = status is null && redrive is null
            ? null
            : e => (status is null || e.Status == status)
                && (redrive is null || (redrive == "REDRIVEN") == (e.RedriveCount > 0));
        var page = Pager.Cut(executions, StartPosition(input, arguments), pageSize, matches, filterScanLimit);

        WritePage(output, "executions", page, arguments, (output, execution) =>
        {
            output.WriteStartObject();
            output.WriteString("executionArn", execution.ExecutionArn);
            output.WriteString("stateMachineArn", execution.StateMachineArn);
            output.WriteString("name", execution.Name);
            output.WriteString("status", execution.Status);
            output.WriteEpochSeconds("startDate", execution.StartDate);
            output.WriteEpochSecondsIfPresent("stopDate", execution.StopDate);
            if (mapRunArn is not null)
            {
                // Only a listing by Map Run carries these two (aws-wire-facts §2 ListExecutions).
                output.WriteStringIfPresent("mapRunArn", execution.MapRunArn);
                output.WriteNumberIfPresent("itemCount", execution.ItemCount);
            }
            output.WriteNumber("redriveCount", execution.RedriveCount);
            output.WriteEpochSecondsIfPresent("redriveDate", execution.RedriveDate);
            output.WriteEndObject();
        });
    }

    private void DescribeExecution(SfnInput input, Utf8JsonWriter output)
    {
        var executionArn = input.RequiredString("executionArn");
        var includeData = input.Enum("includedData", "ALL_DATA", "METADATA_ONLY") != "METADATA_ONLY";
        var execution = RequireExecution(executionArn, allowExpressMapRunChild: true);

        output.WriteStartObject();
        output.WriteString("executionArn", execution.ExecutionArn);
        output.WriteString("stateMachineArn", execution.StateMachineArn);
        output.WriteString("name", execution.Name);
        output.WriteString("status", execution.Status);
        output.WriteEpochSeconds("startDate", execution.StartDate);
        output.WriteEpochSecondsIfPresent("stopDate", execution.StopDate);
        if (includeData && execution.Input is not null)
        {
            output.WriteString("input", execution.Input);
            WriteIncluded(output, "inputDetails");
        }
        if (includeData && execution.Output is not null)
        {
            output.WriteString("output", execution.Output);
            WriteIncluded(output, "outputDetails");
        }
        output.WriteStringIfPresent("mapRunArn", execution.MapRunArn);
        output.WriteStringIfPresent("error", execution.Error);
        output.WriteStringIfPresent("cause", execution.Cause);
        output.WriteNumber("redriveCount", execution.RedriveCount);
        output.WriteEpochSecondsIfPresent("redriveDate", execution.RedriveDate);
        output.WriteStringIfPresent("redriveStatus", execution.RedriveStatus);
        output.WriteEndObject();
    }

    private static void WriteIncluded(Utf8JsonWriter output, string name)
    {
        output.WriteStartObject(name);
        output.WriteBoolean("included", true);
        output.WriteEndObject();
    }
}
