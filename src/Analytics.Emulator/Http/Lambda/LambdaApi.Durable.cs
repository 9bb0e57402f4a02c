using System.Text.Json;
using Analytics.Emulator.Http.Json;
using Analytics.Emulator.Http.Paging;
using Analytics.Emulator.Simulation.Durable;
using Analytics.Emulator.World;

namespace Analytics.Emulator.Http.Lambda;

internal sealed partial class LambdaApi
{
    private void ListDurableExecutionsByFunction(string nameOrArn, LambdaRequest request, Utf8JsonWriter output)
    {
        var function = RequireFunction(nameOrArn);
        var qualifier = request.Single("Qualifier");
        var name = request.Single("DurableExecutionName");
        var statuses = request.All("Statuses");
        foreach (var status in statuses)
        {
            if (Array.IndexOf(DurableStatus.All, status) < 0)
            {
                throw LambdaErrors.InvalidParameter(
                    $"Statuses must be among [{string.Join(", ", DurableStatus.All)}], got '{status}'");
            }
        }
        var after = request.Timestamp("StartedAfter");
        var before = request.Timestamp("StartedBefore");
        var oldestFirst = request.Bool("ReverseOrder") ?? false;
        var pageSize = request.MaxItems(1, 1000, 100);

        var executions = world.ListDurableExecutions(function.FunctionName);
        var arguments = string.Join('\n', "ListDurableExecutionsByFunction", function.FunctionArn, qualifier, name,
            string.Join(',', statuses), after?.ToUnixTimeMilliseconds(), before?.ToUnixTimeMilliseconds(), oldestFirst);
        // StartedAfter is inclusive and StartedBefore exclusive, so consecutive windows neither overlap nor leave gaps.
        Func<DurableExecutionRecord, bool>? matches = qualifier is null && name is null && statuses.Count == 0
            && after is null && before is null
            ? null
            : e => (qualifier is null || e.Version == qualifier || e.FunctionArn.EndsWith(":" + qualifier, StringComparison.Ordinal))
                && (name is null || e.DurableExecutionName == name)
                && (statuses.Count == 0 || statuses.Contains(e.Status))
                && (after is null || e.StartTimestamp >= after)
                && (before is null || e.StartTimestamp < before);
        var count = executions.Count;
        Func<int, DurableExecutionRecord> itemAt = oldestFirst ? i => executions[count - 1 - i] : i => executions[i];
        var page = Pager.Cut(count, itemAt, StartPosition(request, arguments), pageSize, matches, filterScanLimit);

        WritePage(output, "DurableExecutions", page, arguments, static (output, execution) =>
        {
            output.WriteStartObject();
            output.WriteString("DurableExecutionArn", execution.DurableExecutionArn);
            output.WriteString("DurableExecutionName", execution.DurableExecutionName);
            output.WriteString("FunctionArn", execution.FunctionArn);
            output.WriteString("Status", execution.Status);
            output.WriteEpochSeconds("StartTimestamp", execution.StartTimestamp);
            output.WriteEpochSecondsIfPresent("EndTimestamp", execution.EndTimestamp);
            output.WriteEndObject();
        });
    }

    private void GetDurableExecution(string arn, LambdaRequest request, Utf8JsonWriter output)
    {
        var includeData = request.Bool("IncludeExecutionData") ?? true;
        var execution = RequireDurableExecution(arn);

        output.WriteStartObject();
        output.WriteString("DurableExecutionArn", execution.DurableExecutionArn);
        output.WriteString("DurableExecutionName", execution.DurableExecutionName);
        output.WriteString("FunctionArn", execution.FunctionArn);
        output.WriteString("Status", execution.Status);
        output.WriteEpochSeconds("StartTimestamp", execution.StartTimestamp);
        output.WriteEpochSecondsIfPresent("EndTimestamp", execution.EndTimestamp);
        output.WriteString("Version", execution.Version);
        if (includeData)
        {
            output.WriteStringIfPresent("InputPayload", execution.InputPayload);
            if (execution.Status == "SUCCEEDED")
            {
                output.WriteStringIfPresent("Result", execution.Result);
            }
        }
        if (execution.Error is { } error)
        {
            output.WriteStartObject("Error");
            output.WriteStringIfPresent("ErrorMessage", error.ErrorMessage);
            output.WriteStringIfPresent("ErrorType", error.ErrorType);
            if (includeData)
            {
                output.WriteStringIfPresent("ErrorData", error.ErrorData);
                if (error.StackTrace is { } stack)
                {
                    output.WriteStartArray("StackTrace");
                    foreach (var line in stack)
                    {
                        output.WriteStringValue(line);
                    }
                    output.WriteEndArray();
                }
            }
            output.WriteEndObject();
        }
        output.WriteBoolean("ExecutionDataIncluded", includeData);
        if (world.FindFunction(execution.FunctionArn)?.DurableConfig is { } durable)
        {
            output.WriteStartObject("DurableConfig");
            output.WriteNumber("RetentionPeriodInDays", durable.RetentionPeriodInDays);
            output.WriteNumber("ExecutionTimeout", durable.ExecutionTimeout);
            output.WriteEndObject();
        }
        if (execution.PauseDetails is { } pause)
        {
            output.WriteStartObject("PauseDetails");
            output.WriteEpochSeconds("PauseRequestTimestamp", pause.PauseRequestTimestamp);
            if (includeData)
            {
                output.WriteStringIfPresent("Reason", pause.Reason);
            }
            output.WriteBoolean("ExecutionTimeoutPaused", pause.ExecutionTimeoutPaused);
            output.WriteEndObject();
        }
        output.WriteEpochSecondsIfPresent("ExpectedExecutionTimeoutTimestamp", execution.ExpectedExecutionTimeoutTimestamp);
        output.WriteEndObject();
    }

    private void GetDurableExecutionHistory(string arn, LambdaRequest request, Utf8JsonWriter output)
    {
        var includeData = request.Bool("IncludeExecutionData") ?? true;
        var newestFirst = request.Bool("ReverseOrder") ?? false;
        var pageSize = request.MaxItems(1, 1000, 100);
        RequireDurableExecution(arn);
        var history = world.GetDurableExecutionHistory(arn) ?? throw DurableNotFound(arn);
        var arguments = $"GetDurableExecutionHistory\n{arn}\n{includeData}\n{newestFirst}";
        WriteItemsPage(output, "Events", history, StartPosition(request, arguments), pageSize, newestFirst, includeData, arguments);
    }

    private void GetDurableExecutionState(string arn, LambdaRequest request, Utf8JsonWriter output)
    {
        var checkpointToken = request.Single("CheckpointToken");
        if (string.IsNullOrEmpty(checkpointToken))
        {
            throw LambdaErrors.InvalidParameter("CheckpointToken is required");
        }
        var pageSize = request.MaxItems(1, 1000, 100);
        CheckDurableArn(arn);
        // Only the current token of a RUNNING execution is accepted; offline readers never have one.
        if (!world.IsValidCheckpointToken(arn, checkpointToken))
        {
            throw LambdaErrors.InvalidParameter("Invalid CheckpointToken: it is not the current token of a running durable execution");
        }
        var state = world.GetDurableExecutionState(arn)
            ?? throw LambdaErrors.InvalidParameter("Invalid CheckpointToken: the durable execution does not exist");
        var arguments = $"GetDurableExecutionState\n{arn}\n{checkpointToken}";
        WriteItemsPage(output, "Operations", state, StartPosition(request, arguments), pageSize, false, true, arguments);
    }

    private void WriteItemsPage(Utf8JsonWriter output, string member, IHistorySource source, long start, int pageSize,
        bool reverse, bool includeData, string arguments)
    {
        var total = source.Count;
        if (start > total)
        {
            throw LambdaErrors.InvalidParameter("Invalid Marker: it points past the end of the listing");
        }
        var count = (int)Math.Min(pageSize, total - start);
        output.WriteStartObject();
        output.WriteStartArray(member);
        source.WriteItems(output, (int)start, count, reverse, includeData);
        output.WriteEndArray();
        WriteNextMarker(output, arguments, start + count < total ? start + count : null);
        output.WriteEndObject();
    }

    private DurableExecutionRecord RequireDurableExecution(string arn)
    {
        CheckDurableArn(arn);
        return world.FindDurableExecution(arn) ?? throw DurableNotFound(arn);
    }

    private static void CheckDurableArn(string arn)
    {
        if (!arn.StartsWith("arn:", StringComparison.Ordinal) || !arn.Contains(":lambda:", StringComparison.Ordinal)
            || !arn.Contains("/durable-execution/", StringComparison.Ordinal))
        {
            throw LambdaErrors.InvalidParameter($"DurableExecutionArn is not a durable execution ARN: '{arn}'");
        }
    }

    private static ApiException DurableNotFound(string arn) =>
        LambdaErrors.ResourceNotFound($"Durable execution not found: {arn}");
}
