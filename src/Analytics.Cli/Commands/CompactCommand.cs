using System.CommandLine;
using System.Globalization;
using Analytics.Export;
using Analytics.Export.Manifest;
using Analytics.Export.Storage;

namespace Analytics.Cli.Commands;

/// <summary>
/// <c>analytics compact --out DIR|s3://… [--settled-after-days N]</c>: merges each settled date's files into one per table
/// (<see cref="DatasetStore.CompactPartitions"/>), through the commit protocol. Exit 0 done, 2 usage, DIR not a dataset
/// or an export running into it, 1 interrupted (SIGINT/SIGTERM: the dates merged so far stay), 3 fatal (a damaged manifest:
/// see <c>analytics repair</c>).
/// </summary>
internal static class CompactCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--out") { Description = "Dataset root folder or s3://bucket/prefix (as given to export).", Required = true };
        var days = new Option<int>("--settled-after-days")
        {
            Description = "Merge dates at least this many days before today (UTC); default 1: every closed date.",
            DefaultValueFactory = _ => 1,
        };
        var command = new Command("compact", "Merge each closed date's files into one file per table (crash-safe; readers never see a row twice).");
        command.Options.Add(output);
        command.Options.Add(days);
        var s3 = new S3AccessOptions(command, mirrors: false);
        command.SetAction((ParseResult parse, CancellationToken ct) => Task.FromResult(Run(parse.GetValue(output)!, parse.GetValue(days), parse, s3, ct)));
        return command;
    }

    private static int Run(string outDir, int days, ParseResult parse, S3AccessOptions s3, CancellationToken ct)
    {
        if (days < 1)
        {
            Console.Error.WriteLine($"error: --settled-after-days must be at least 1 (today's date is still being written), got {days}");
            return ExitCodes.Usage;
        }
        var root = S3Location.IsS3(outDir) ? outDir : Path.GetFullPath(outDir);
        if (!S3Location.IsS3(outDir) && !DatasetCheck.IsDataset(root))
        {
            Console.Error.WriteLine($"error: '{root}' is not an exported dataset (it has no _manifest/ folder)");
            return ExitCodes.Usage;
        }
        var before = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-days);
        try
        {
            // On S3 a writer like an unsharded export: its lease, a local working copy, the commit protocol on S3.
            var (export, aws) = S3Location.IsS3(outDir) ? s3.Settings(parse, outDir) : (new ExportOptions(), new Analytics.Aws.AwsClientOptions());
            // The exported executions (64 MB at 1M) only for the snapshot written at the end, not beside DuckDB's merges:
            // the whole 1M compaction peaked at 474 MB instead of 517.
            using var store = DatasetLocations.OpenStore(root, ShardSpec.All, aws, export.S3Lease, cancellationToken: ct, exportedExecutions: false);
            var done = store.CompactPartitions(date => date <= before, ct);
            store.LoadExportedExecutions();
            store.TryCompact(1);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"compact: {done.Partitions} table partition(s) of dates up to {before:yyyy-MM-dd} merged ({done.FilesBefore} files into {done.Partitions}), "
                + $"{done.Rollups} date rollup(s) written; {store.State.Files.Count} committed files now"));
            return ExitCodes.Ok;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            Console.Error.WriteLine("compact: interrupted; the dates merged so far are committed, a rerun does the rest");
            return ExitCodes.Partial;
        }
        catch (Exception e) when (S3AccessOptions.ExitCodeOf(e) is { } code)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return code;
        }
        catch (ManifestDamagedException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.Fatal;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or Analytics.DuckDb.DuckDbException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.Fatal;
        }
    }
}
