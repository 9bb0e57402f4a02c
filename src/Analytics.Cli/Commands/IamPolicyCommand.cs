using System.CommandLine;
using System.ComponentModel.DataAnnotations;
using Analytics.Export;
using Analytics.Export.Targets;

namespace Analytics.Cli.Commands;

/// <summary>
/// <c>analytics iam-policy</c>: the read-only policy for exactly the APIs the exporter calls; with <c>--role-name</c>,
/// the three documents of an organisation-wide export (member role policy, its trust policy, the principal's
/// sts:AssumeRole permission).
/// </summary>
internal static class IamPolicyCommand
{
    public static Command Create()
    {
        var command = new Command("iam-policy", "Print the least-privilege read-only IAM policy the exporter needs (JSON); with --role-name, the member-account role's policy and trust policy and the exporting principal's sts:AssumeRole permission.");
        var roleName = new Option<string?>("--role-name") { Description = "The role the export assumes in each member account." };
        var principal = new Option<string?>("--principal") { Description = "ARN of the exporting principal (the role or user the export runs as); needed with --role-name." };
        var externalId = new Option<string?>("--external-id") { Description = "External id the trust policy requires (sts:ExternalId)." };
        var accounts = new Option<string?>("--accounts") { Description = "Member account ids, comma separated: the AssumeRole permission names only their roles." };
        var accountsFile = new Option<string?>("--accounts-file") { Description = "File of member accounts, as for export." };
        foreach (var option in new Option[] { roleName, principal, externalId, accounts, accountsFile })
        {
            command.Options.Add(option);
        }
        command.SetAction((ParseResult parse) =>
        {
            if (parse.GetValue(roleName) is not { Length: > 0 } role)
            {
                Console.WriteLine(IamPolicy.Json());
                return ExitCodes.Ok;
            }
            if (parse.GetValue(principal) is not { } exporter || !exporter.StartsWith("arn:", StringComparison.Ordinal))
            {
                Console.Error.WriteLine("error: --role-name needs --principal ARN: the role or user the export runs as (it goes into the trust policy).");
                return ExitCodes.Usage;
            }
            IReadOnlyList<(string Id, string? Alias)> members;
            try
            {
                members = ExportTargets.Accounts(new ExportOptions
                {
                    Accounts = parse.GetValue(accounts)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                    AccountsFile = parse.GetValue(accountsFile),
                });
            }
            catch (ValidationException e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return ExitCodes.Usage;
            }
            Console.WriteLine(IamPolicy.OrganisationJson(role, exporter, parse.GetValue(externalId), [.. members.Select(m => m.Id)]));
            return ExitCodes.Ok;
        });
        return command;
    }
}
