using System.Text.Json;
using Analytics.Emulator.Http.Json;
using Analytics.Emulator.Http.Paging;
using Analytics.Emulator.World;

namespace Analytics.Emulator.Http.Lambda;

internal sealed partial class LambdaApi
{
    // ListFunctions accepts MaxItems up to 10,000 but never returns more than 50 per page.
    private const int ListFunctionsPageCap = 50;

    private void ListFunctions(LambdaRequest request, Utf8JsonWriter output)
    {
        var pageSize = Math.Min(request.MaxItems(1, 10_000, ListFunctionsPageCap), ListFunctionsPageCap);
        var version = request.Single("FunctionVersion");
        if (version is not null && version != "ALL")
        {
            throw LambdaErrors.InvalidParameter($"FunctionVersion must be ALL, got '{version}'");
        }
        // Only $LATEST configurations exist in the simulated account, so FunctionVersion=ALL lists the same items.
        const string Arguments = "ListFunctions";
        var page = Pager.Cut(world.Functions, StartPosition(request, Arguments), pageSize);

        WritePage(output, "Functions", page, Arguments,
            static (output, function) => WriteConfiguration(output, function, function.FunctionArn, function.Version, detailed: false));
    }

    private void GetFunctionConfiguration(string nameOrArn, LambdaRequest request, Utf8JsonWriter output)
    {
        var function = RequireFunction(nameOrArn);
        var qualifier = request.Single("Qualifier");
        var arn = function.FunctionArn;
        var version = function.Version;
        if (qualifier is not null && qualifier != "$LATEST")
        {
            // Versions and aliases are known to the simulated account through the async-invoke configs on them.
            arn = $"{function.FunctionArn}:{qualifier}";
            if (!function.EventInvokeConfigs.Any(c => c.FunctionArn == arn))
            {
                throw LambdaErrors.FunctionNotFound(arn);
            }
            version = qualifier.All(char.IsAsciiDigit) ? qualifier : function.Version;
        }
        WriteConfiguration(output, function, arn, version, detailed: true);
    }

    private void ListFunctionEventInvokeConfigs(string nameOrArn, LambdaRequest request, Utf8JsonWriter output)
    {
        var function = RequireFunction(nameOrArn);
        var pageSize = request.MaxItems(1, 50, 50);
        var arguments = $"ListFunctionEventInvokeConfigs\n{function.FunctionArn}";
        var page = Pager.Cut(function.EventInvokeConfigs, StartPosition(request, arguments), pageSize);

        WritePage(output, "FunctionEventInvokeConfigs", page, arguments, static (output, config) =>
        {
            output.WriteStartObject();
            output.WriteEpochSeconds("LastModified", config.LastModified);
            output.WriteString("FunctionArn", config.FunctionArn);
            output.WriteNumberIfPresent("MaximumRetryAttempts", config.MaximumRetryAttempts);
            output.WriteNumberIfPresent("MaximumEventAgeInSeconds", config.MaximumEventAgeInSeconds);
            output.WriteStartObject("DestinationConfig");
            WriteDestination(output, "OnSuccess", config.OnSuccessDestination);
            WriteDestination(output, "OnFailure", config.OnFailureDestination);
            output.WriteEndObject();
            output.WriteEndObject();
        });
    }

    private static void WriteDestination(Utf8JsonWriter output, string name, string? destination)
    {
        output.WriteStartObject(name);
        output.WriteStringIfPresent("Destination", destination);
        output.WriteEndObject();
    }

    /// <summary>
    /// FunctionConfiguration. ListFunctions leaves out the State and LastUpdateStatus members (read them with
    /// GetFunctionConfiguration); `LastModified` is a string here, unlike every other timestamp.
    /// </summary>
    private static void WriteConfiguration(Utf8JsonWriter output, FunctionRecord function, string arn, string version, bool detailed)
    {
        output.WriteStartObject();
        output.WriteString("FunctionName", function.FunctionName);
        output.WriteString("FunctionArn", arn);
        output.WriteString("Runtime", function.Runtime);
        output.WriteString("Role", function.Role);
        output.WriteString("Handler", function.Handler);
        output.WriteNumber("CodeSize", function.CodeSize);
        output.WriteString("Description", function.Description ?? "");
        output.WriteNumber("Timeout", function.Timeout);
        output.WriteNumber("MemorySize", function.MemorySize);
        output.WriteString("LastModified", function.LastModified);
        output.WriteString("CodeSha256", function.CodeSha256);
        output.WriteString("Version", version);
        output.WriteStartObject("TracingConfig");
        output.WriteString("Mode", "PassThrough");
        output.WriteEndObject();
        output.WriteString("PackageType", "Zip");
        output.WriteStartArray("Architectures");
        output.WriteStringValue("x86_64");
        output.WriteEndArray();
        output.WriteStartObject("EphemeralStorage");
        output.WriteNumber("Size", 512);
        output.WriteEndObject();
        output.WriteStartObject("LoggingConfig");
        output.WriteString("LogFormat", "Text");
        output.WriteString("LogGroup", "/aws/lambda/" + function.FunctionName);
        output.WriteEndObject();
        if (detailed)
        {
            output.WriteString("State", "Active");
            output.WriteString("LastUpdateStatus", "Successful");
        }
        if (function.DurableConfig is { } durable)
        {
            output.WriteStartObject("DurableConfig");
            output.WriteNumber("RetentionPeriodInDays", durable.RetentionPeriodInDays);
            output.WriteNumber("ExecutionTimeout", durable.ExecutionTimeout);
            output.WriteEndObject();
        }
        output.WriteEndObject();
    }
}
