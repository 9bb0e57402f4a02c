using System.CommandLine;
using Analytics.Core.Schemas;

namespace Analytics.Cli.Commands;

/// <summary>
/// <c>analytics ddl --engine athena|trino|spark|clickhouse --location s3://…|DIR [--database NAME] [--s3-endpoint-url URL]</c>: prints the
/// external-table DDL of every table (<see cref="ExternalTables"/>). Exit 0, or 2 for a bad engine, location or endpoint.
/// </summary>
internal static class DdlCommand
{
    public static Command Create()
    {
        var engine = new Option<string>("--engine") { Description = "athena, trino, spark or clickhouse.", Required = true };
        var location = new Option<string>("--location") { Description = "The dataset root: s3://bucket/prefix, or a local folder (not for athena).", Required = true };
        var database = new Option<string>("--database") { Description = "Database (schema) of the tables.", DefaultValueFactory = _ => "analytics" };
        var s3Endpoint = new Option<string?>("--s3-endpoint-url") { Description = "ClickHouse: another S3 server than AWS's for an s3:// --location (path-style, e.g. a local S3 server)." };
        var command = new Command("ddl", "Print the external-table DDL of every table for Athena, Trino, Spark or ClickHouse.");
        command.Options.Add(engine);
        command.Options.Add(location);
        command.Options.Add(database);
        command.Options.Add(s3Endpoint);
        command.SetAction((ParseResult parse, CancellationToken _) =>
            Task.FromResult(Run(parse.GetValue(engine)!, parse.GetValue(location)!, parse.GetValue(database)!, parse.GetValue(s3Endpoint))));
        return command;
    }

    private static int Run(string engineName, string location, string database, string? s3EndpointUrl)
    {
        if (!Enum.TryParse<DdlEngine>(engineName, ignoreCase: true, out var engine) || !Enum.IsDefined(engine) || int.TryParse(engineName, out _))
        {
            Console.Error.WriteLine($"error: --engine must be athena, trino, spark or clickhouse, got '{engineName}'");
            return ExitCodes.Usage;
        }
        Uri? s3Endpoint = null;
        if (s3EndpointUrl is not null && !(Uri.TryCreate(s3EndpointUrl, UriKind.Absolute, out s3Endpoint) && s3Endpoint.Scheme is "http" or "https"))
        {
            Console.Error.WriteLine($"error: --s3-endpoint-url must be an absolute http(s) URL, got '{s3EndpointUrl}'");
            return ExitCodes.Usage;
        }
        var root = location.StartsWith("s3://", StringComparison.Ordinal) ? location : Path.GetFullPath(location);
        try
        {
            Console.Out.Write(ExternalTables.Script(engine, root, database, s3Endpoint));
            return ExitCodes.Ok;
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"error: {e.Message.Split(" (Parameter", 2)[0]}");
            return ExitCodes.Usage;
        }
    }
}
