using System.CommandLine;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Analytics.Aws;
using Analytics.Export;
using Analytics.Export.Crawl;
using Microsoft.Extensions.Logging;

namespace Analytics.Cli.Commands;

/// <summary><c>analytics export</c>: one incremental export run (SPEC §4).</summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var command = new Command("export", "Export Step Functions and Lambda durable histories incrementally into a Parquet dataset.");
        var outDir = new Option<string?>("--out") { Description = "Dataset root folder (Export:Out)." };
        var endpoint = new Option<string?>("--endpoint-url") { Description = "One endpoint for both services, e.g. the emulator (else AWS)." };
        var region = new Option<string?>("--region") { Description = "AWS region (else AWS_REGION / the profile's)." };
        var profile = new Option<string?>("--profile") { Description = "Named AWS profile." };
        var since = new Option<string?>("--since") { Description = "First run only: do not read executions older than this date (YYYY-MM-DD or ISO-8601)." };
        var full = new Option<bool>("--full") { Description = "Ignore watermarks and list everything again (exported rows are still not duplicated)." };
        var machines = new Option<string?>("--state-machines") { Description = "State machine name glob(s), comma separated (default *)." };
        var functions = new Option<string?>("--functions") { Description = "Function name glob(s), comma separated (default *)." };
        var data = new Option<bool>("--include-execution-data") { Description = "Also request execution payloads (off by default)." };
        var shard = new Option<string?>("--shard") { Description = "K/N: export only this process's share of state machines and functions." };
        var maxRps = new Option<string[]>("--max-rps") { Description = "OP=N client-side rate override, repeatable (e.g. GetExecutionHistory=10).", AllowMultipleArgumentsPerToken = false };
        var pacing = new Option<string?>("--pacing") { Description = "Client-side pacing: aws (published quotas, default) or none (e.g. an emulator without quotas)." };
        foreach (var option in new Option[] { outDir, endpoint, region, profile, since, full, machines, functions, data, shard, maxRps, pacing })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (ParseResult parse, CancellationToken ct) =>
        {
            var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            void Set(string key, string? value)
            {
                if (!string.IsNullOrEmpty(value))
                {
                    values[key] = value;
                }
            }
            Set("Export:Out", parse.GetValue(outDir));
            Set("Aws:EndpointUrl", parse.GetValue(endpoint));
            Set("Aws:Region", parse.GetValue(region));
            Set("Aws:Profile", parse.GetValue(profile));
            Set("Aws:Pacing", parse.GetValue(pacing));
            Set("Export:StateMachines", parse.GetValue(machines));
            Set("Export:Functions", parse.GetValue(functions));
            Set("Export:Shard", parse.GetValue(shard));
            if (parse.GetValue(full))
            {
                Set("Export:Full", "true");
            }
            if (parse.GetValue(data))
            {
                Set("Export:IncludeExecutionData", "true");
            }
            if (parse.GetValue(maxRps) is { Length: > 0 } rates)
            {
                Set("Aws:MaxRps", string.Join(',', rates));
            }
            if (parse.GetValue(since) is { } sinceText)
            {
                if (!DateTimeOffset.TryParse(sinceText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var sinceValue))
                {
                    Console.Error.WriteLine($"error: --since must be a date (YYYY-MM-DD) or ISO-8601 time, got '{sinceText}'");
                    return ExitCodes.Usage;
                }
                Set("Export:Since", sinceValue.ToString("O", CultureInfo.InvariantCulture));
            }
            return await RunAsync(values, ct).ConfigureAwait(false);
        });
        return command;
    }

    internal static async Task<int> RunAsync(IReadOnlyDictionary<string, string?> values, CancellationToken ct)
    {
        ExportJob job;
        try
        {
            var (export, aws) = ExportSettings.Load(null, values);
            using var probe = new AwsClientFactory(aws); // resolves region, endpoint and credentials now: config errors exit 2
            job = new ExportJob(export, aws, CliLogging.Factory);
        }
        catch (Exception e) when (e is ValidationException or AwsConfigurationException or ArgumentException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.Usage;
        }
        try
        {
            var result = await job.RunAsync(ct).ConfigureAwait(false);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"export {result.RunId}: {result.Executions} executions, {result.Events} events, {result.Quarantined} quarantined, {result.Failures} failed, {result.Running} RUNNING tracked, {result.ApiCalls} API calls ({result.Throttled} throttled, {result.Retries} retries), {result.Commits} commits"));
            return result.IsPartial ? ExitCodes.Partial : ExitCodes.Ok;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            Console.Error.WriteLine("export cancelled; everything staged so far was committed");
            return ExitCodes.Fatal;
        }
        catch (Exception e) when (e is AwsServiceException or IOException or InvalidDataException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.Fatal;
        }
    }
}

/// <summary>Console logging for long-running commands: single lines on stderr, AWS client chatter only from warnings up.</summary>
internal static class CliLogging
{
    public static ILoggerFactory Factory { get; } = LoggerFactory.Create(builder => builder
        .AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
        })
        .AddFilter("Analytics.Aws", LogLevel.Warning)
        .SetMinimumLevel(LogLevel.Information));
}
