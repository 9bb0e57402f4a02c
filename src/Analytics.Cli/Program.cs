using System.CommandLine;
using Analytics.Cli;
using Analytics.Cli.Commands;

var root = new RootCommand("Workflow history analytics: export AWS Step Functions and Lambda durable-function "
    + "histories to Parquet and answer reliability questions with DuckDB.");
foreach (var command in CommandCatalog.All())
{
    root.Subcommands.Add(command);
}

var parsed = root.Parse(args);
if (parsed.Errors.Count > 0)
{
    foreach (var error in parsed.Errors)
    {
        Console.Error.WriteLine($"error: {error.Message}");
    }
    Console.Error.WriteLine("Run 'analytics --help' (or '<command> --help') for usage.");
    return ExitCodes.Usage;
}

try
{
    // Our own net below instead of System.CommandLine's handler, which prints the stack trace and exits 1 ("partial").
    return await parsed.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (OperationCanceledException)
{
    Console.Error.WriteLine("cancelled");
    return ExitCodes.Fatal;
}
catch (Exception e)
{
    // No stack trace reaches a user: one line, exit 3; ANALYTICS_DEBUG=1 adds the details for a bug report.
    Console.Error.WriteLine($"error: {e.Message} (unexpected; set ANALYTICS_DEBUG=1 for details)");
    if (Environment.GetEnvironmentVariable("ANALYTICS_DEBUG") is "1" or "true")
    {
        Console.Error.WriteLine(e.ToString());
    }
    return ExitCodes.Fatal;
}
