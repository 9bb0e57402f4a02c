using System.CommandLine;
using Analytics.DuckDb;
using Analytics.Query;
using Analytics.Query.Report;

namespace Analytics.Cli.Commands;

/// <summary>`analytics report --week 2026-W47 --data DIR --out DIR`: the weekly reliability report (SPEC §6). Prints the
/// headline block; exits 1 when the dataset holds no execution started in the week, 2 when --data is not a dataset.</summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var week = new Option<string>("--week") { Description = "ISO week to report, e.g. 2026-W47 (compared with the week before)", Required = true };
        var data = new Option<string?>("--data") { Description = "Dataset root or s3://bucket/prefix (the export's --out). Default: ANALYTICS__DATA, else ANALYTICS__EXPORT__OUT, else ./data" };
        var output = new Option<string>("--out") { Description = "Folder for <week>.md and <week>.html", DefaultValueFactory = _ => "reports" };
        var threads = new Option<int?>("--threads") { Description = "DuckDB worker threads (default: all cores)" }.InRange(1, 1024);
        var command = new Command("report", "Write the weekly reliability report (Markdown and self-contained HTML) for an ISO week.");
        command.Options.Add(week);
        command.Options.Add(data);
        command.Options.Add(output);
        command.Options.Add(threads);
        var s3 = new S3AccessOptions(command, mirrors: true);
        command.SetAction((ParseResult result, CancellationToken cancellationToken) =>
        {
            IsoWeek isoWeek;
            try
            {
                isoWeek = IsoWeek.Parse(result.GetValue(week)!);
            }
            catch (FormatException e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return Task.FromResult(ExitCodes.Usage);
            }
            try
            {
                var options = new QuerySessionOptions { Threads = result.GetValue(threads) };
                var dataset = result.GetValue(data);
                if (dataset is null)
                {
                    dataset = DefaultDataset.Path;
                    DefaultDataset.Announce(dataset);
                }
                if (!s3.TryResolve(result, dataset, out var local, out var mirror, out var exit))
                {
                    return Task.FromResult(exit);
                }
                using var reading = mirror; // held until the report is written (another command's sync waits)
                var (markdown, html, report) = WeeklyReport.Write(local, isoWeek, result.GetValue(output)!, options,
                    datasetName: mirror is null ? null : dataset);
                Console.Write(WeeklyReport.HeadlineText(report));
                Console.WriteLine($"wrote {markdown}");
                Console.WriteLine($"wrote {html}");
                // A week the dataset holds nothing for is not a clean report: partial, so scripts notice.
                return Task.FromResult(report.IsEmptyWeek ? ExitCodes.Partial : ExitCodes.Ok);
            }
            catch (Exception e) when (e is QueryException or DuckDbException or IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return Task.FromResult(ExitCodes.Usage);
            }
        });
        return command;
    }
}
