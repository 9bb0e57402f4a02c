using System.CommandLine;
using Analytics.DuckDb;
using System.ComponentModel.DataAnnotations;
using Analytics.Aws;
using Analytics.Datasets;
using Analytics.Export;
using Analytics.Export.Manifest;
using Analytics.Export.Storage;

namespace Analytics.Cli.Commands;

/// <summary>
/// <c>analytics import FILES|DIRS --out DIR|s3://… [--lenient] [--include-execution-data]</c>: saved histories into the
/// dataset (the work is <see cref="HistoryImporter"/>'s; this class parses and reports). Into an <c>s3://</c> dataset the
/// import is one writer like an unsharded export: it takes the lock, stages its files and commits them as one record
/// through the commit protocol (<see cref="DatasetStore.CommitImport"/>).
/// </summary>
public static class ImportCommand
{
    public static Command Create()
    {
        var inputs = new Argument<string[]>("inputs")
        {
            Description = "History files, or folders to search for *.json files. Accepted: GetExecutionHistory or "
                + "'aws stepfunctions get-execution-history' output, GetDurableExecutionHistory output, or a bare JSON "
                + "array of either kind of event; one execution per file.",
            Arity = ArgumentArity.OneOrMore,
        };
        var output = new Option<string>("--out") { Description = "Dataset root folder, or s3://bucket/prefix.", Required = true };
        var lenient = new Option<bool>("--lenient")
        {
            Description = "Accept sanitised test snapshots (LocalStack): unparseable timestamps become null and JSON "
                + "objects where AWS sends JSON text are stored as compact JSON text (both counted in a warning).",
        };
        var includeData = new Option<bool>("--include-execution-data") { Description = "Keep input/output payload text (sizes are always kept)." };
        var command = new Command("import", "Import saved execution histories (Step Functions or Lambda durable) into the dataset.");
        command.Arguments.Add(inputs);
        command.Options.Add(output);
        command.Options.Add(lenient);
        command.Options.Add(includeData);
        var s3 = new S3AccessOptions(command, mirrors: false);
        command.SetAction((ParseResult result, CancellationToken cancellationToken) => Task.FromResult(Run(
            result.GetValue(inputs) ?? [],
            result.GetValue(output)!,
            new ImportOptions { Lenient = result.GetValue(lenient), IncludeExecutionData = result.GetValue(includeData) },
            S3Location.IsS3(result.GetValue(output)!) ? () => s3.Settings(result, result.GetValue(output)!) : null,
            cancellationToken)));
        return command;
    }

    private static int Run(string[] inputs, string outDir, ImportOptions options, Func<(ExportOptions, AwsClientOptions)>? s3Settings, CancellationToken cancellationToken)
    {
        var missing = new List<string>();
        var files = HistoryImporter.ExpandInputs(inputs, missing);
        foreach (var path in missing)
        {
            Console.Error.WriteLine($"error: {path}: no such file or folder");
        }
        if (files.Count == 0)
        {
            Console.Error.WriteLine("error: no history files to import");
            return ExitCodes.Usage;
        }
        ImportReport report;
        try
        {
            var runId = HistoryImporter.NewRunId(DateTimeOffset.UtcNow);
            if (s3Settings is null)
            {
                report = HistoryImporter.Import(files, outDir, runId, options, cancellationToken);
                // Into an exported dataset: the files join its manifest, which is what queries read.
                DatasetStore.RegisterImported(outDir, runId, report.FilesWritten);
            }
            else
            {
                var (export, aws) = s3Settings();
                using var store = DatasetLocations.OpenStore(outDir, ShardSpec.All, aws, export.S3Lease, cancellationToken: cancellationToken);
                report = HistoryImporter.Import(files, store.ImportStagingFolder(runId), runId, options, cancellationToken);
                store.CommitImport(runId, report.FilesWritten);
            }
        }
        catch (Exception ex) when (S3AccessOptions.ExitCodeOf(ex) is { } code)
        {
            Console.Error.WriteLine($"error: {ex.Message}");
            return code;
        }
        catch (Exception ex) when (ex is DuckDbException or IOException or UnauthorizedAccessException or ManifestDamagedException)
        {
            Console.Error.WriteLine($"fatal: {ex.Message}");
            return ExitCodes.Fatal;
        }
        foreach (var rejected in report.Rejected)
        {
            Console.Error.WriteLine($"error: {rejected}");
        }
        if (report.UnparseableTimestamps > 0 || report.DecodedJsonText > 0)
        {
            Console.Error.WriteLine($"warning: {report.UnparseableTimestamps} unparseable timestamp(s) stored as null, "
                + $"{report.DecodedJsonText} JSON value(s) stored as JSON text (--lenient)");
        }
        var rows = string.Join(", ", report.RowsByTable.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} {p.Value}"));
        Console.WriteLine($"imported {report.Imported.Count} of {files.Count} file(s) into {(s3Settings is null ? Path.GetFullPath(outDir) : outDir)}: "
            + $"{report.FilesWritten.Count} Parquet file(s); rows: {(rows.Length == 0 ? "none" : rows)}");
        return report.AllImported && missing.Count == 0 ? ExitCodes.Ok : ExitCodes.Partial;
    }
}
