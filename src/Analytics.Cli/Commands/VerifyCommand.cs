using System.CommandLine;
using System.Globalization;
using Analytics.Export.Manifest;

namespace Analytics.Cli.Commands;

/// <summary>
/// <c>analytics verify --out DIR</c>: the manifest against the files (missing, unlisted, size or footer row count not
/// the committed one, a manifest file that does not parse). One line per problem, then a summary. Exit 0 when clean,
/// 1 when anything is wrong, 2 when DIR is not an export's dataset. An <c>s3://</c> dataset is checked on its mirror
/// (<see cref="S3AccessOptions"/>), plus the objects under its table prefixes that the manifest does not list.
/// </summary>
internal static class VerifyCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--out") { Description = "Dataset root folder or s3://bucket/prefix (as given to export).", Required = true };
        var command = new Command("verify", "Check an exported dataset against its manifest (exit 0 clean, 1 damaged: see 'analytics repair').");
        command.Options.Add(output);
        var s3 = new S3AccessOptions(command, mirrors: true);
        command.SetAction((ParseResult parse, CancellationToken _) => Task.FromResult(
            s3.TryResolve(parse, parse.GetValue(output)!, out var local, out var mirror, out var exit) ? Run(parse.GetValue(output)!, local, mirror) : exit));
        return command;
    }

    private static int Run(string outDir, string local, Analytics.Export.Storage.S3Mirror? mirror)
    {
        using var reading = mirror; // held until the check is done (another command's sync waits)
        var root = Path.GetFullPath(local);
        if (!DatasetCheck.IsDataset(root))
        {
            Console.Error.WriteLine($"error: '{root}' is not an exported dataset (it has no _manifest/ folder)");
            return ExitCodes.Usage;
        }
        List<DatasetProblem> problems;
        int committed;
        try
        {
            problems = DatasetCheck.Run(root, out committed);
            // On S3, what a reader that globs would see beyond the mirror: objects the manifest does not list.
            problems.AddRange((mirror?.Unlisted ?? []).Select(key => new DatasetProblem("unlisted", key, "object on S3, not in the manifest")));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.Fatal;
        }
        foreach (var problem in problems)
        {
            Console.WriteLine($"{problem.Kind}: {problem.Path}: {problem.Detail}");
        }
        if (problems.Count == 0)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"verify: {(mirror is null ? root : outDir)}: {committed} committed files, all present and as committed, none unlisted"));
            return ExitCodes.Ok;
        }
        var kinds = string.Join(", ", problems.GroupBy(p => p.Kind).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Count()} {g.Key}")));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"verify: {(mirror is null ? root : outDir)}: {problems.Count} problem(s) ({kinds}) among {committed} committed files; 'analytics repair --out {outDir}' fixes them"));
        return ExitCodes.Partial;
    }
}
