using System.CommandLine;
using Analytics.Core.Schemas;

namespace Analytics.Cli.Commands;

/// <summary>
/// <c>analytics ddl --engine athena|trino|spark|clickhouse --location s3://…|DIR [--database NAME]</c>: prints the
/// external-table DDL of every table (<see cref="ExternalTables"/>). Exit 0, or 2 for a bad engine or location.
/// </summary>
internal static class DdlCommand
{
    public static Command Create()
    {
        var engine = new Option<string>("--engine") { Description = "athena, trino, spark or clickhouse.", Required = true };
        var location = new Option<string>("--location") { Description = "The dataset root: s3://bucket/prefix, or a local folder (not for athena).", Required = true };
        var database = new Option<string>("--database") { Description = "Database (schema) of the tables.", DefaultValueFactory = _ => "analytics" };
        var command = new Command("ddl", "Print the external-table DDL of every table for Athena, Trino, Spark or ClickHouse.");
        command.Options.Add(engine);
        command.Options.Add(location);
        command.Options.Add(database);
        command.SetAction((ParseResult parse, CancellationToken _) =>
            Task.FromResult(Run(parse.GetValue(engine)!, parse.GetValue(location)!, parse.GetValue(database)!)));
        return command;
    }

    private static int Run(string engineName, string location, string database)
    {
        if (!Enum.TryParse<DdlEngine>(engineName, ignoreCase: true, out var engine) || !Enum.IsDefined(engine) || int.TryParse(engineName, out _))
        {
            Console.Error.WriteLine($"error: --engine must be athena, trino, spark or clickhouse, got '{engineName}'");
            return ExitCodes.Usage;
        }
        var root = location.StartsWith("s3://", StringComparison.Ordinal) ? location : Path.GetFullPath(location);
        try
        {
            Console.Out.Write(ExternalTables.Script(engine, root, database));
            return ExitCodes.Ok;
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"error: {e.Message.Split(" (Parameter", 2)[0]}");
            return ExitCodes.Usage;
        }
    }
}
