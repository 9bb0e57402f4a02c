using System.CommandLine;
using System.Globalization;
using Analytics.Export.Manifest;

namespace Analytics.Cli.Commands;

/// <summary>
/// <c>analytics repair --out DIR [export options]</c>: makes the manifest true again (<see cref="DatasetStore.Repair"/>:
/// quarantines unlisted files or adopts those a lost snapshot or commit record held, takes chunks with a lost file out)
/// and then runs an export with the same options to fetch again what is no longer exported, unless
/// <c>--no-fetch</c> (the next export does it). Exit codes as export's; 2 also when DIR is not a dataset or an export
/// is running into it.
/// </summary>
internal static class RepairCommand
{
    public static Command Create()
    {
        var command = new Command("repair", "Repair an exported dataset (quarantine unlisted files, rebuild a lost manifest snapshot, "
            + "fetch again the executions of lost files), then export with the given options.");
        var options = new ExportCliOptions(command);
        var noFetch = new Option<bool>("--no-fetch") { Description = "Only repair the manifest; the next export fetches what is missing." };
        command.Options.Add(noFetch);
        command.SetAction(async (ParseResult parse, CancellationToken ct) =>
            options.TryCollect(parse, out var values) ? await RunAsync(values, parse.GetValue(noFetch), ct).ConfigureAwait(false) : ExitCodes.Usage);
        return command;
    }

    private static async Task<int> RunAsync(Dictionary<string, string?> values, bool noFetch, CancellationToken ct)
    {
        if (!values.TryGetValue("Export:Out", out var outDir) || string.IsNullOrWhiteSpace(outDir))
        {
            Console.Error.WriteLine("error: --out DIR is required: the dataset to repair");
            return ExitCodes.Usage;
        }
        if (Analytics.Export.Storage.S3Location.IsS3(outDir))
        {
            Console.Error.WriteLine($"error: repair of an s3:// dataset is not supported: 'analytics verify --out {outDir}' names the problems; "
                + "repair a local copy (aws s3 sync) and sync it back with no export running, or export into a fresh prefix");
            return ExitCodes.Usage;
        }
        var root = Path.GetFullPath(outDir);
        if (!DatasetCheck.IsDataset(root))
        {
            Console.Error.WriteLine($"error: '{root}' is not an exported dataset (it has no _manifest/ folder)");
            return ExitCodes.Usage;
        }
        RepairReport report;
        try
        {
            report = DatasetStore.Repair(root);
        }
        catch (ExportConflictException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.Usage;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Analytics.DuckDb.DuckDbException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.Fatal;
        }
        Print(report);
        if (!report.NeedsFetch || noFetch)
        {
            if (report.NeedsFetch)
            {
                Console.WriteLine("repair: the next 'analytics export' lists every execution again and fetches what is missing");
            }
            return ExitCodes.Ok;
        }
        Console.WriteLine("repair: exporting to fetch what is missing (every execution is listed again; exported ones are not fetched)");
        return await ExportCommand.RunAsync(values, ct).ConfigureAwait(false);
    }

    private static void Print(RepairReport report)
    {
        if (!report.Changed)
        {
            Console.WriteLine("repair: nothing to repair: every committed file is present and as committed, none unlisted");
            return;
        }
        foreach (var file in report.ManifestFiles)
        {
            Console.WriteLine($"quarantined damaged manifest file {file} (into {report.Quarantine})");
        }
        foreach (var file in report.Quarantined)
        {
            Console.WriteLine($"quarantined unlisted file {file}");
        }
        foreach (var file in report.Lost)
        {
            Console.WriteLine($"lost committed file {file}: its chunk's executions will be fetched again");
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"repair: {report.ManifestFiles.Count} damaged manifest file(s), {report.Adopted.Count} unlisted file(s) adopted ({report.AdoptedExecutions} executions), {report.Quarantined.Count} quarantined into {report.Quarantine}, {report.Lost.Count} lost ({report.ForgottenChunks.Count} chunk(s) to fetch again); manifest compacted into a fresh snapshot"));
    }
}
