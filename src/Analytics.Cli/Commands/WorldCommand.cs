using System.CommandLine;
using System.Globalization;
using Analytics.Emulator.Simulation.Pages;
using Analytics.Emulator.Simulation.Truth;
using Analytics.Emulator.World;

namespace Analytics.Cli.Commands;

/// <summary>`analytics world truth|pages`: the simulator's ground truth and raw pages, without the HTTP path.</summary>
internal static class WorldCommand
{
    public static Command Create()
    {
        var command = new Command("world", "Inspect a simulated world: its exact ground truth and the raw API pages the emulator serves.");
        command.Subcommands.Add(CreateTruth());
        command.Subcommands.Add(CreatePages());
        return command;
    }

    private static (Option<FileInfo> World, Option<long> Seed, Option<string?> Now) CommonOptions(Command command)
    {
        var world = new Option<FileInfo>("--world") { Description = "The world file (JSON), e.g. sample-data/worlds/default.json.", Required = true };
        var seed = new Option<long>("--seed") { Description = "The simulation seed.", DefaultValueFactory = _ => 1 };
        var now = new Option<string?>("--now") { Description = "The world's clock (ISO-8601, UTC); default: the file's `now`." };
        command.Options.Add(world);
        command.Options.Add(seed);
        command.Options.Add(now);
        return (world, seed, now);
    }

    private static Command CreateTruth()
    {
        var command = new Command("truth", "Print the exact ground-truth aggregates of a world + seed as JSON (computed straight from the simulator).");
        var (world, seed, now) = CommonOptions(command);
        var output = new Option<FileInfo?>("--out") { Description = "Write the JSON to this file instead of standard output." };
        command.Options.Add(output);
        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            if (!TryLoad(r.GetValue(now), clock => WorldLoader.LoadOrganisation(r.GetValue(world)!.FullName, r.GetValue(seed), clock), out var loaded))
            {
                return ExitCodes.Usage;
            }
            // One account: the figures as they always were; several: the same figures per (account, region).
            Action<Stream> write = loaded.IsMultiAccount
                ? stream => OrganisationTruth.WriteJson(OrganisationTruth.Compute(loaded, r.GetValue(seed), ct), stream)
                : stream => WorldTruth.WriteJson(WorldTruth.Compute((SimulatedWorld)loaded.Units[0].World, ct), stream);
            if (r.GetValue(output) is { } file)
            {
                await using var stream = file.Create();
                write(stream);
            }
            else
            {
                await using var stdout = Console.OpenStandardOutput();
                write(stdout);
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command CreatePages()
    {
        var command = new Command("pages", "Write the raw GetExecutionHistory / GetDurableExecutionHistory pages of every visible execution (the benchmark corpus).");
        var (world, seed, now) = CommonOptions(command);
        var output = new Option<DirectoryInfo>("--out") { Description = "The folder to write (one JSON-lines file per execution, one line per page).", Required = true };
        var pageSize = new Option<int>("--page-size") { Description = "Events per page (1..1000, as maxResults).", DefaultValueFactory = _ => 1000 };
        var data = new Option<bool>("--include-execution-data") { Description = "Include input/output payloads (as includeExecutionData=true)." };
        command.Options.Add(output);
        command.Options.Add(pageSize);
        command.Options.Add(data);
        command.SetAction((ParseResult r, CancellationToken ct) =>
        {
            var size = r.GetValue(pageSize);
            if (size is < 1 or > 1000)
            {
                Console.Error.WriteLine("error: --page-size must be between 1 and 1000");
                return Task.FromResult(ExitCodes.Usage);
            }
            if (!TryLoad(r.GetValue(now), clock => WorldLoader.Load(r.GetValue(world)!.FullName, r.GetValue(seed), clock), out var loaded))
            {
                return Task.FromResult(ExitCodes.Usage);
            }
            var summary = WorldPagesWriter.Write(loaded, r.GetValue(output)!.FullName, size, r.GetValue(data), ct);
            Console.Error.WriteLine($"wrote {summary.Executions} executions and {summary.DurableExecutions} durable executions: "
                + $"{summary.Pages} pages, {summary.Events} events, {summary.Bytes} bytes");
            return Task.FromResult(ExitCodes.Ok);
        });
        return command;
    }

    private static bool TryLoad<T>(string? now, Func<DateTimeOffset?, T> load, out T world)
    {
        world = default!;
        DateTimeOffset? clock = null;
        if (now is not null)
        {
            if (!DateTimeOffset.TryParse(now, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
            {
                Console.Error.WriteLine($"error: --now '{now}' is not an ISO-8601 instant (e.g. 2026-11-22T22:00:00Z)");
                return false;
            }
            clock = parsed;
        }
        try
        {
            world = load(clock);
            return true;
        }
        catch (WorldFileException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return false;
        }
    }
}
