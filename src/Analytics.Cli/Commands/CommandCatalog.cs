using System.CommandLine;

namespace Analytics.Cli.Commands;

/// <summary>Every top-level command of the `analytics` CLI, in the order `--help` lists them.</summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> All()
    {
        yield return ExportCommand.Create();
        yield return ServeCommand.Create();
        yield return ImportCommand.Create();
        yield return VerifyCommand.Create();
        yield return RepairCommand.Create();
        yield return CompactCommand.Create();
        yield return DdlCommand.Create();
        yield return QueryCommand.Create();
        yield return WorldCommand.Create();
        yield return EmulatorCommand.Create();
        yield return ReportCommand.Create();
        yield return IamPolicyCommand.Create();
    }
}
