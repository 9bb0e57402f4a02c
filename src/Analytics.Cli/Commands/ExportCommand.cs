using System.CommandLine;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Analytics.Aws;
using Analytics.Export;
using Analytics.Export.Crawl;
using Microsoft.Extensions.Logging;

namespace Analytics.Cli.Commands;

/// <summary><c>analytics export</c>: one incremental export run (SPEC §4).</summary>
internal static partial class ExportCommand
{
    public static Command Create()
    {
        var command = new Command("export", "Export Step Functions and Lambda durable histories incrementally into a Parquet dataset.");
        var options = new ExportCliOptions(command);
        command.SetAction(async (ParseResult parse, CancellationToken ct) =>
            options.TryCollect(parse, out var values) ? await RunAsync(values, ct).ConfigureAwait(false) : ExitCodes.Usage);
        return command;
    }

    internal static async Task<int> RunAsync(IReadOnlyDictionary<string, string?> values, CancellationToken ct)
    {
        ExportJob job;
        try
        {
            var (export, aws) = ExportSettings.Load(null, values);
            using var probe = new AwsClientFactory(aws); // resolves region, endpoint and credentials now: config errors exit 2
            // On a terminal the live display replaces the informational log lines (warnings still print).
            job = new ExportJob(export, aws, IsInteractive ? CliLogging.WarningsOnly : CliLogging.Factory);
        }
        catch (Exception e) when (e is ValidationException or AwsConfigurationException or ArgumentException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.Usage;
        }
        try
        {
            var result = IsInteractive ? await RunWithProgressAsync(job, ct).ConfigureAwait(false) : await job.RunAsync(ct).ConfigureAwait(false);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"export {result.RunId}: {result.Executions} executions ({result.ExecutionRows} execution rows with Map Run children), {result.Events} events, {result.Quarantined} quarantined, {result.Failures} failed, {result.Running} RUNNING tracked, {result.ApiCalls} API calls ({result.Throttled} throttled, {result.Retries} retries), {result.Commits} commits"));
            Console.WriteLine("rows written: " + (result.RowsByTable.Count == 0 ? "none" : string.Join(", ", result.RowsByTable
                .OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key}={kv.Value:N0}")))));
            Console.WriteLine("api calls: " + string.Join(", ", result.CallsByApi.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key}={kv.Value}"))));
            foreach (var unit in result.FailedUnits)
            {
                Console.Error.WriteLine($"incomplete: {unit.Label}: {string.Join("; ", unit.Failures)}");
            }
            return result.IsPartial ? ExitCodes.Partial : ExitCodes.Ok;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Partial, not fatal: the dataset is consistent, only incomplete; the next run continues from the last commit.
            Console.Error.WriteLine("export interrupted (SIGINT/SIGTERM): everything staged so far was committed; the next run continues from there");
            return ExitCodes.Partial;
        }
        catch (Analytics.Export.Manifest.ExportConflictException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.Usage;
        }
        catch (Analytics.Export.Storage.DatasetLocationException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return e.ExitCode;
        }
        catch (Exception e) when (e is AwsServiceException or IOException or InvalidDataException or UnauthorizedAccessException or Analytics.DuckDb.DuckDbException)
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

    /// <summary>Warnings and errors only: for commands that show a live progress display instead of progress lines.</summary>
    public static ILoggerFactory WarningsOnly { get; } = LoggerFactory.Create(builder => builder
        .AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
        })
        .SetMinimumLevel(LogLevel.Warning));
}
