using System.Text.Json;
using Analytics.Emulator.Http.Json;
using Analytics.Emulator.Http.Paging;
using Analytics.Emulator.World;

namespace Analytics.Emulator.Http.StepFunctions;

internal sealed partial class StepFunctionsApi
{
    private void ListMapRuns(SfnInput input, Utf8JsonWriter output)
    {
        var executionArn = input.RequiredString("executionArn");
        var pageSize = input.PageSize();
        RequireExecution(executionArn, allowExpressMapRunChild: false);

        var arguments = $"ListMapRuns\n{executionArn}";
        var page = Pager.Cut(world.ListMapRuns(executionArn), StartPosition(input, arguments), pageSize);

        WritePage(output, "mapRuns", page, arguments, static (output, run) =>
        {
            output.WriteStartObject();
            output.WriteString("executionArn", run.ExecutionArn);
            output.WriteString("mapRunArn", run.MapRunArn);
            output.WriteString("stateMachineArn", run.StateMachineArn);
            output.WriteEpochSeconds("startDate", run.StartDate);
            output.WriteEpochSecondsIfPresent("stopDate", run.StopDate);
            output.WriteEndObject();
        });
    }

    private void DescribeMapRun(SfnInput input, Utf8JsonWriter output)
    {
        var mapRunArn = input.RequiredString("mapRunArn");
        ResourceType(mapRunArn, "mapRun");
        var run = world.FindMapRun(mapRunArn) ?? throw SfnErrors.ResourceNotFound(mapRunArn);

        output.WriteStartObject();
        output.WriteString("mapRunArn", run.MapRunArn);
        output.WriteString("executionArn", run.ExecutionArn);
        output.WriteString("status", run.Status);
        output.WriteEpochSeconds("startDate", run.StartDate);
        output.WriteEpochSecondsIfPresent("stopDate", run.StopDate);
        output.WriteNumber("maxConcurrency", run.MaxConcurrency);
        output.WriteNumber("toleratedFailurePercentage", run.ToleratedFailurePercentage);
        output.WriteNumber("toleratedFailureCount", run.ToleratedFailureCount);
        WriteCounts(output, "itemCounts", run.ItemCounts);
        WriteCounts(output, "executionCounts", run.ExecutionCounts);
        output.WriteNumber("redriveCount", run.RedriveCount);
        output.WriteEpochSecondsIfPresent("redriveDate", run.RedriveDate);
        output.WriteEndObject();
    }

    private static void WriteCounts(Utf8JsonWriter output, string name, MapRunCounts counts)
    {
        output.WriteStartObject(name);
        output.WriteNumber("pending", counts.Pending);
        output.WriteNumber("running", counts.Running);
        output.WriteNumber("succeeded", counts.Succeeded);
        output.WriteNumber("failed", counts.Failed);
        output.WriteNumber("timedOut", counts.TimedOut);
        output.WriteNumber("aborted", counts.Aborted);
        output.WriteNumber("total", counts.Total);
        output.WriteNumber("resultsWritten", counts.ResultsWritten);
        output.WriteNumber("failuresNotRedrivable", counts.FailuresNotRedrivable);
        output.WriteNumber("pendingRedrive", counts.PendingRedrive);
        output.WriteEndObject();
    }
}
