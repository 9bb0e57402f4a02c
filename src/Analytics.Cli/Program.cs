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
    return await parsed.InvokeAsync();
}
catch (OperationCanceledException)
{
    Console.Error.WriteLine("cancelled");
    return ExitCodes.Fatal;
}
