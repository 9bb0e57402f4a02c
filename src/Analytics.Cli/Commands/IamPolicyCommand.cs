using System.CommandLine;
using Analytics.Export;

namespace Analytics.Cli.Commands;

/// <summary><c>analytics iam-policy</c>: the read-only policy for exactly the APIs the exporter calls.</summary>
internal static class IamPolicyCommand
{
    public static Command Create()
    {
        var command = new Command("iam-policy", "Print the least-privilege read-only IAM policy the exporter needs (JSON).");
        command.SetAction((ParseResult _) =>
        {
            Console.WriteLine(IamPolicy.Json());
            return ExitCodes.Ok;
        });
        return command;
    }
}
