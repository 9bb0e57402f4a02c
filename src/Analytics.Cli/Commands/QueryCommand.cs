using System.CommandLine;
using Analytics.Cli.Output;
using Analytics.DuckDb;
using Analytics.Export.Storage;
using Analytics.Query;

namespace Analytics.Cli.Commands;

/// <summary>
/// `analytics query "SQL" | --file F.sql | --name NAME [--param k=v ...] [--data DIR] [--format table|csv|json|arrow]
/// [--allow-writes]`: SQL over the dataset views on an in-memory DuckDB, read-only unless --allow-writes.
/// </summary>
internal static class QueryCommand
{
    private static readonly Argument<string?> s_sql = new("sql")
    {
        Description = "The SQL to run (DuckDB dialect); or use --file or --name.",
        Arity = ArgumentArity.ZeroOrOne,
    };

    private static readonly Option<FileInfo?> s_file = new("--file") { Description = "Run the SQL in this file." };

    private static readonly Option<string?> s_name = new("--name")
    {
        Description = "Run a named query from queries/ (failure_rates, retry_attempts, latency_percentiles, map_run_health, top_errors, durable_health, ...).",
    };

    private static readonly Option<string[]> s_params = new("--param")
    {
        Description = "A query parameter name=value, repeatable: start/end (date or timestamp, UTC; the window is [start, end)), limit, ...",
        DefaultValueFactory = _ => [],
    };

    private static readonly Option<string?> s_data = new("--data")
    {
        Description = "Dataset folder or s3://bucket/prefix (the export's --out): its tables become views named like them (SPEC §5). "
            + "Default: ANALYTICS__DATA, else ANALYTICS__EXPORT__OUT, else ./data when it exists (plain SQL without a dataset otherwise).",
    };

    private static readonly Option<QueryOutputFormat> s_format = OptionRules.Choice("--format", "Output format", QueryOutputFormat.Table);

    private static readonly Option<bool> s_allowWrites = new("--allow-writes")
    {
        Description = "Allow statements that write files, attach databases, load extensions or change settings (read-only otherwise).",
    };

    private static readonly Option<int?> s_threads = new Option<int?>("--threads") { Description = "DuckDB worker threads (default: all cores)." }.InRange(1, 1024);

    public static Command Create()
    {
        var command = new Command("query", "Run SQL or a named query with DuckDB (in memory) over the dataset and print the result.");
        command.Arguments.Add(s_sql);
        s_sql.Validators.Add(result =>
        {
            // An unknown flag would otherwise be taken for the SQL text and the real SQL reported as unrecognized.
            if (result.Tokens.Count > 0 && result.Tokens[0].Value is { } text && text.StartsWith('-') && !text.Contains(' ', StringComparison.Ordinal))
            {
                result.AddError($"unknown option '{text}' (see 'analytics query --help')");
            }
        });
        foreach (var option in new Option[] { s_file, s_name, s_params, s_data, s_format, s_allowWrites, s_threads })
        {
            command.Options.Add(option);
        }
        var s3 = new S3AccessOptions(command, mirrors: true);
        command.SetAction((ParseResult parsed, CancellationToken cancellationToken) => ExecuteAsync(parsed, s3, cancellationToken));
        return command;
    }

    private static Task<int> ExecuteAsync(ParseResult parsed, S3AccessOptions s3, CancellationToken cancellationToken)
    {
        var sql = parsed.GetValue(s_sql);
        var file = parsed.GetValue(s_file);
        var name = parsed.GetValue(s_name);
        var data = parsed.GetValue(s_data);
        if (new[] { sql is not null, file is not null, name is not null }.Count(given => given) != 1)
        {
            return Fail(ExitCodes.Usage, "give exactly one of: SQL text, --file F.sql, --name NAME");
        }
        if (file is { Exists: false })
        {
            return Fail(ExitCodes.Usage, $"SQL file {file.FullName} does not exist");
        }
        if (data is null && (Directory.Exists(DefaultDataset.Path) || S3Location.IsS3(DefaultDataset.Path)))
        {
            data = DefaultDataset.Path;
            DefaultDataset.Announce(data);
        }
        if (data is not null && !S3Location.IsS3(data) && !Directory.Exists(data))
        {
            return Fail(ExitCodes.Usage, $"data folder {Path.GetFullPath(data)} does not exist");
        }
        if (name is not null && data is null)
        {
            return Fail(ExitCodes.Usage, $"--name needs a dataset: --data DIR (no {DefaultDataset.Path} folder here to default to)");
        }
        var format = parsed.GetValue(s_format);
        if (format == QueryOutputFormat.Arrow && !Console.IsOutputRedirected)
        {
            return Fail(ExitCodes.Usage, "--format arrow writes a binary Arrow IPC stream: redirect stdout to a file or a pipe (> result.arrows)");
        }

        var local = data;
        S3Mirror? mirror = null;
        if (data is not null && !s3.TryResolve(parsed, data, out local, out mirror, out var exit))
        {
            return Task.FromResult(exit);
        }
        using var reading = mirror; // held until the result is printed (another command's sync waits)

        try
        {
            var parameters = QueryParameters.Parse(parsed.GetValue(s_params) ?? []);
            var options = new QuerySessionOptions { AllowWrites = parsed.GetValue(s_allowWrites), Threads = parsed.GetValue(s_threads) };
            using var session = QuerySession.Open(local is null ? null : Path.GetFullPath(local), options);
            using var interrupt = cancellationToken.Register(session.Interrupt);
            if (name is not null)
            {
                var query = session.Queries.Get(name);
                session.CheckParameters(query, parameters);
                sql = query.Sql;
            }
            else if (file is not null)
            {
                sql = File.ReadAllText(file.FullName);
            }
            if (format == QueryOutputFormat.Arrow)
            {
                using var batches = session.ExecuteArrow(sql!, parameters);
                using var stdout = Console.OpenStandardOutput();
                ArrowResultWriter.Write(batches, stdout);
            }
            else
            {
                // Read before the result streams: the table spells account ids with their names.
                var names = format == QueryOutputFormat.Table ? AccountNames.Of(session) : AccountNames.None;
                using var result = session.Execute(sql!, parameters);
                Print(result, format, names);
            }
            return Task.FromResult(ExitCodes.Ok);
        }
        catch (Exception exception) when (exception is QueryException or DuckDbException && cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(exception.Message, exception, cancellationToken);
        }
        catch (Exception exception) when (exception is QueryException or DuckDbException or IOException)
        {
            return Fail(ExitCodes.Usage, exception.Message);
        }
    }

    private static void Print(DuckDbResult result, QueryOutputFormat format, AccountNames names)
    {
        switch (format)
        {
            case QueryOutputFormat.Csv:
                CsvResultWriter.Write(result, Console.Out);
                break;
            case QueryOutputFormat.Json:
                using (var stdout = Console.OpenStandardOutput())
                {
                    JsonResultWriter.Write(result, stdout);
                }
                break;
            default:
                TableResultWriter.Write(result, Console.Out, isTerminal: !Console.IsOutputRedirected, names);
                break;
        }
    }

    private static Task<int> Fail(int exitCode, string message)
    {
        Console.Error.WriteLine($"error: {message}");
        return Task.FromResult(exitCode);
    }
}
