using System.CommandLine;
using System.Runtime.InteropServices;
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

// SIGINT/SIGTERM cancel the command's token and let it finish its own way (the export commits what it has staged);
// System.CommandLine's own handling would kill the process 2 s later, losing the chunk in flight.
using var stop = new CancellationTokenSource();
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, StopGracefully);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, StopGracefully);
try
{
    // Our own net below instead of System.CommandLine's handler, which prints the stack trace and exits 1 ("partial").
    var invocation = new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null };
    return await parsed.InvokeAsync(invocation, stop.Token);
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

void StopGracefully(PosixSignalContext context)
{
    // The first signal keeps the process alive (the command ends itself once it sees the cancellation); a second one
    // terminates it as usual, for a user who will not wait.
    context.Cancel = !stop.IsCancellationRequested;
    stop.Cancel();
}
