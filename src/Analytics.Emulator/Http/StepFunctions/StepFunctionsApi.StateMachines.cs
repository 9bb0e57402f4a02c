using System.Text.Json;
using Analytics.Emulator.Http.Json;
using Analytics.Emulator.Http.Paging;
using Analytics.Emulator.World;

namespace Analytics.Emulator.Http.StepFunctions;

internal sealed partial class StepFunctionsApi
{
    private void ListStateMachines(SfnInput input, Utf8JsonWriter output)
    {
        var pageSize = input.PageSize();
        const string Arguments = "ListStateMachines";
        var page = Pager.Cut(world.StateMachines, StartPosition(input, Arguments), pageSize);

        WritePage(output, "stateMachines", page, Arguments, static (output, machine) =>
        {
            output.WriteStartObject();
            output.WriteString("stateMachineArn", machine.StateMachineArn);
            output.WriteString("name", machine.Name);
            output.WriteString("type", machine.Type);
            output.WriteEpochSeconds("creationDate", machine.CreationDate);
            output.WriteEndObject();
        });
    }

    private void DescribeStateMachine(SfnInput input, Utf8JsonWriter output)
    {
        var arn = input.RequiredString("stateMachineArn");
        input.Enum("includedData", "ALL_DATA", "METADATA_ONLY");
        ResourceType(arn, "stateMachine");
        var machine = world.FindStateMachine(arn) ?? throw SfnErrors.StateMachineDoesNotExist(arn);
        if (machine.Label is not null)
        {
            throw SfnErrors.Validation(
                $"Distributed Map state machine ARNs are not supported by this API: '{arn}'", "API_DOES_NOT_SUPPORT_LABELED_ARNS");
        }

        output.WriteStartObject();
        output.WriteString("stateMachineArn", machine.StateMachineArn);
        output.WriteString("name", machine.Name);
        output.WriteString("status", machine.Status);
        output.WriteString("definition", machine.Definition);
        output.WriteString("roleArn", machine.RoleArn);
        output.WriteString("type", machine.Type);
        output.WriteEpochSeconds("creationDate", machine.CreationDate);
        output.WriteStringIfPresent("description", machine.Description);
        WriteConfigurations(output, world.Logs.LoggingOf(machine.StateMachineArn));
        output.WriteEndObject();
    }

    private void DescribeStateMachineForExecution(SfnInput input, Utf8JsonWriter output)
    {
        var executionArn = input.RequiredString("executionArn");
        input.Enum("includedData", "ALL_DATA", "METADATA_ONLY");
        var execution = RequireExecution(executionArn, allowExpressMapRunChild: false);
        var machine = world.FindStateMachine(execution.StateMachineArn)
            ?? throw SfnErrors.ExecutionDoesNotExist(executionArn);

        output.WriteStartObject();
        output.WriteString("stateMachineArn", machine.StateMachineArn);
        output.WriteString("name", machine.Name);
        output.WriteString("definition", machine.Definition);
        output.WriteString("roleArn", machine.RoleArn);
        output.WriteEpochSeconds("updateDate", machine.CreationDate);
        output.WriteStringIfPresent("mapRunArn", execution.MapRunArn);
        output.WriteStringIfPresent("label", machine.Label);
        WriteConfigurations(output, world.Logs.LoggingOf(machine.StateMachineArn[..(machine.Label is null ? machine.StateMachineArn.Length : machine.StateMachineArn.LastIndexOf('/'))]));
        output.WriteEndObject();
    }

    /// <summary>
    /// The state machine's logging (OFF without a world `logging` knob; else its level and the group's ARN ending in
    /// `:*`), and what AWS reports for one created without tracing or a customer key.
    /// </summary>
    private static void WriteConfigurations(Utf8JsonWriter output, LoggingRecord? logging)
    {
        output.WriteStartObject("loggingConfiguration");
        output.WriteString("level", logging?.Level ?? "OFF");
        output.WriteBoolean("includeExecutionData", logging?.IncludeExecutionData ?? false);
        if (logging is not null)
        {
            output.WriteStartArray("destinations");
            output.WriteStartObject();
            output.WriteStartObject("cloudWatchLogsLogGroup");
            output.WriteString("logGroupArn", logging.LogGroupArn);
            output.WriteEndObject();
            output.WriteEndObject();
            output.WriteEndArray();
        }
        output.WriteEndObject();
        output.WriteStartObject("tracingConfiguration");
        output.WriteBoolean("enabled", false);
        output.WriteEndObject();
        output.WriteStartObject("encryptionConfiguration");
        output.WriteString("type", "AWS_OWNED_KEY");
        output.WriteEndObject();
    }
}
