using System.CommandLine;
using Analytics.Cli.Output;
using Analytics.DuckDb;
using Analytics.Query;

namespace Analytics.Cli.Commands;

/// <summary>`analytics query "SQL" [--data DIR] [--format table|csv|json]`: ad-hoc SQL on an in-memory DuckDB.</summary>
internal static class QueryCommand
{
    private static readonly Argument<string> s_sql = new("sql") { Description = "The SQL to run (DuckDB dialect)." };

    private static readonly Option<DirectoryInfo?> s_data = new("--data")
    {
        Description = "Dataset folder: each table folder in it becomes a view over its Parquet files.",
    };

    private static readonly Option<QueryOutputFormat> s_format = new("--format")
    {
        Description = "Output format: table, csv or json.",
        DefaultValueFactory = _ => QueryOutputFormat.Table,
    };

    public static Command Create()
    {
        var command = new Command("query", "Run SQL with DuckDB (in memory) and print the result.");
        command.Arguments.Add(s_sql);
        command.Options.Add(s_data);
        command.Options.Add(s_format);
        command.SetAction(ExecuteAsync);
        return command;
    }

    public static Task<int> ExecuteAsync(ParseResult parsed, CancellationToken cancellationToken)
    {
        var sql = parsed.GetValue(s_sql)!;
        var data = parsed.GetValue(s_data);
        var format = parsed.GetValue(s_format);
        if (data is { Exists: false })
        {
            return Fail(ExitCodes.Usage, $"data folder {data.FullName} does not exist");
        }

        DuckDbDatabase database;
        try
        {
            database = DuckDbDatabase.Open();
        }
        catch (DuckDbException exception)
        {
            return Fail(ExitCodes.Fatal, exception.Message);
        }

        using (database)
        using (var connection = database.Connect())
        using (cancellationToken.Register(connection.Interrupt))
        {
            try
            {
                if (data is not null)
                {
                    DatasetViews.Create(connection, data.FullName);
                }
                using var result = connection.Query(sql);
                Print(result, format);
                return Task.FromResult(ExitCodes.Ok);
            }
            catch (DuckDbException exception) when (cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException(exception.Message, exception, cancellationToken);
            }
            catch (DuckDbException exception)
            {
                return Fail(ExitCodes.Usage, exception.Message);
            }
        }
    }

    private static void Print(DuckDbResult result, QueryOutputFormat format)
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
                TableResultWriter.Write(result, Console.Out, isTerminal: !Console.IsOutputRedirected);
                break;
        }
    }

    private static Task<int> Fail(int exitCode, string message)
    {
        Console.Error.WriteLine($"error: {message}");
        return Task.FromResult(exitCode);
    }
}
