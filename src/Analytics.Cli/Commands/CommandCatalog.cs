using System.CommandLine;

namespace Analytics.Cli.Commands;

/// <summary>Every top-level command of the `analytics` CLI, in the order `--help` lists them.</summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> All()
    {
        yield return ImportCommand.Create();
    }
}
