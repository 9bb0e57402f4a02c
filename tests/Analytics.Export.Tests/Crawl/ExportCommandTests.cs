using System.Diagnostics;
using System.Text.Json;

namespace Analytics.Export.Tests.Crawl;

/// <summary>The CLI surface of the export: bad configuration exits 2 with a clear message; iam-policy is valid JSON.</summary>
public sealed class ExportCommandTests
{
    private static async Task<(int Exit, string Out, string Error)> RunAsync(params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "analytics.dll"));
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        info.Environment["AWS_ACCESS_KEY_ID"] = "x";
        info.Environment["AWS_SECRET_ACCESS_KEY"] = "x";
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }

    [Theory]
    [InlineData("--shard", "2/2", "--shard")]
    [InlineData("--pacing", "fast", "--pacing")]
    [InlineData("--since", "last tuesday", "--since")]
    public async Task Bad_export_options_exit_with_code_2_and_name_the_option(string option, string value, string named)
    {
        var (exit, _, error) = await RunAsync("export", "--out", Path.GetTempPath(), "--region", "us-east-1", option, value);
        Assert.Equal(2, exit);
        Assert.Contains(named, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Iam_policy_is_a_read_only_policy_document()
    {
        var (exit, output, _) = await RunAsync("iam-policy");
        Assert.Equal(0, exit);
        using var policy = JsonDocument.Parse(output);
        var actions = policy.RootElement.GetProperty("Statement").EnumerateArray()
            .SelectMany(s => s.GetProperty("Action").EnumerateArray()).Select(a => a.GetString()!).ToList();
        Assert.Contains("states:GetExecutionHistory", actions);
        Assert.All(actions, a => Assert.Matches("^((states|lambda):(List|Describe|Get)|logs:FilterLogEvents$)", a));
    }

    [Fact]
    public async Task Iam_policy_for_an_organisation_gives_the_member_role_its_trust_with_the_external_id_and_the_principals_assume_role()
    {
        var principal = "arn:aws:iam::999999999999:role/history-exporter";
        var (exit, output, _) = await RunAsync("iam-policy", "--role-name", "analytics-reader", "--principal", principal,
            "--external-id", "wha-org-demo", "--accounts", "111111111111,222222222222");

        Assert.Equal(0, exit);
        using var documents = JsonDocument.Parse(output);
        var role = documents.RootElement.GetProperty("MemberAccountRolePolicy (analytics-reader)");
        Assert.Contains("states:GetExecutionHistory", role.GetProperty("Statement")[0].GetProperty("Action").EnumerateArray().Select(a => a.GetString()));
        var trust = documents.RootElement.GetProperty("MemberAccountRoleTrustPolicy (analytics-reader)").GetProperty("Statement")[0];
        Assert.Equal(principal, trust.GetProperty("Principal").GetProperty("AWS").GetString());
        Assert.Equal("sts:AssumeRole", trust.GetProperty("Action").GetString());
        Assert.Equal("wha-org-demo", trust.GetProperty("Condition").GetProperty("StringEquals").GetProperty("sts:ExternalId").GetString());
        var assume = documents.RootElement.GetProperty("ExportingPrincipalPolicy").GetProperty("Statement")[0];
        Assert.Equal("sts:AssumeRole", assume.GetProperty("Action").GetString());
        Assert.Equal(["arn:aws:iam::111111111111:role/analytics-reader", "arn:aws:iam::222222222222:role/analytics-reader"],
            assume.GetProperty("Resource").EnumerateArray().Select(r => r.GetString()!));

        var (missing, _, error) = await RunAsync("iam-policy", "--role-name", "analytics-reader");
        Assert.Equal(2, missing);
        Assert.Contains("--principal", error, StringComparison.Ordinal);
    }
}
