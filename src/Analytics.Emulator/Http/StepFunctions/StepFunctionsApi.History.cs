using System.Text.Json;

namespace Analytics.Emulator.Http.StepFunctions;

internal sealed partial class StepFunctionsApi
{
    private const string PastEndOfHistory = "the pagination token points past the end of the history";

    private void GetExecutionHistory(SfnInput input, Utf8JsonWriter output)
    {
        var executionArn = input.RequiredString("executionArn");
        var pageSize = input.PageSize();
        var reverse = input.Bool("reverseOrder") ?? false;
        var includeData = input.Bool("includeExecutionData") ?? true;
        // No history for EXPRESS executions, not even Map Run children (CloudWatch Logs only).
        RequireExecution(executionArn, allowExpressMapRunChild: false);
        var history = world.GetExecutionHistory(executionArn) ?? throw SfnErrors.ExecutionDoesNotExist(executionArn);

        var arguments = $"GetExecutionHistory\n{executionArn}\n{reverse}\n{includeData}";
        var start = StartPosition(input, arguments);
        var total = history.Count;
        if (start > total)
        {
            throw SfnErrors.InvalidToken(PastEndOfHistory);
        }
        var count = (int)Math.Min(pageSize, total - start);

        output.WriteStartObject();
        output.WriteStartArray("events");
        history.WriteItems(output, (int)start, count, reverse, includeData);
        output.WriteEndArray();
        WriteNextToken(output, arguments, start + count < total ? start + count : null);
        output.WriteEndObject();
    }
}
