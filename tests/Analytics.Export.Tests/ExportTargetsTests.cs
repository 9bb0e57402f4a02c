using System.ComponentModel.DataAnnotations;
using Analytics.Aws;
using Analytics.Core.Json;
using Analytics.Export.Targets;
using Analytics.Export.Tests.Support;

namespace Analytics.Export.Tests;

/// <summary>The target options (--regions, --accounts, --accounts-file, --role-name, --parallel) and how shards split units.</summary>
public sealed class ExportTargetsTests
{
    private static ExportOptions Load(TempFolder temp, Dictionary<string, string?> values)
    {
        values["Export:Out"] = "x";
        return ExportSettings.Load(temp.Path, values).Export;
    }

    [Fact]
    public void Regions_and_accounts_come_comma_separated_from_the_command_line_or_as_lists_from_appsettings_json()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.Sub("appsettings.json"), """
            { "Export": { "Regions": ["us-east-1", "eu-west-1"], "RoleName": "reader", "Accounts": ["111111111111"], "Parallel": 2 } }
            """);
        var fromFile = Load(temp, []);
        Assert.Equal(["us-east-1", "eu-west-1"], fromFile.Regions!);
        Assert.Equal(["111111111111"], fromFile.Accounts!);
        Assert.Equal(2, fromFile.Parallel);

        var (cli, aws) = ExportSettings.Load(temp.Path, new Dictionary<string, string?> { ["Export:Out"] = "x", ["Export:Regions"] = "eu-central-1, us-west-2", ["Export:Accounts"] = "222222222222,333333333333" });
        Assert.Equal(["eu-central-1", "us-west-2"], cli.Regions!);
        Assert.Equal(["222222222222", "333333333333"], cli.Accounts!);
        // No --region: the first of --regions stands for it.
        Assert.Equal("eu-central-1", aws.Region);
    }

    [Fact]
    public void An_accounts_file_gives_one_account_a_line_with_an_optional_name()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.Sub("accounts.txt"), "# organisation\n111111111111 prod-us\n\n222222222222,prod-eu\n333333333333   # sandbox\n111111111111 again\n");
        var options = Load(temp, new() { ["Export:AccountsFile"] = temp.Sub("accounts.txt"), ["Export:RoleName"] = "reader" });

        Assert.Equal([("111111111111", "prod-us"), ("222222222222", "prod-eu"), ("333333333333", null)], ExportTargets.Accounts(options));
    }

    [Theory]
    [InlineData("Export:Accounts", "12345")]
    [InlineData("Export:Regions", "US East")]
    [InlineData("Export:RoleName", "reader")]
    [InlineData("Export:Parallel", "0")]
    [InlineData("Export:AccountsFile", "/nonexistent/accounts.txt")]
    public void Bad_target_settings_are_usage_errors(string key, string value)
    {
        using var temp = new TempFolder();
        var values = new Dictionary<string, string?> { [key] = value };
        if (key is not "Export:RoleName")
        {
            values["Export:RoleName"] = key.StartsWith("Export:Account", StringComparison.Ordinal) ? "reader" : null;
        }
        Assert.Throws<ValidationException>(() => Load(temp, values));
    }

    [Fact]
    public void Accounts_without_a_role_and_a_session_duration_sts_refuses_are_usage_errors()
    {
        using var temp = new TempFolder();
        Assert.Contains("--role-name", Assert.Throws<ValidationException>(() => Load(temp, new() { ["Export:Accounts"] = "111111111111" })).Message);
        Assert.Throws<ValidationException>(() => Load(temp, new() { ["Export:Accounts"] = "111111111111", ["Export:RoleName"] = "r", ["Export:SessionDuration"] = "00:05:00" }));
    }

    [Fact]
    public void Without_target_options_a_run_has_the_one_unit_it_always_had()
    {
        var plan = ExportTargets.Plan(new ExportOptions { Out = "x", Shard = "1/3" }, new AwsClientOptions { Region = "eu-west-1" }, new ShardSpec(1, 3));
        var unit = Assert.Single(plan.Units);
        Assert.True(unit.IsDefault);
        Assert.Equal(new ShardSpec(1, 3), unit.Shard);
    }

    [Fact]
    public void Shards_take_whole_units_when_there_are_enough_and_split_units_by_ARN_when_there_are_fewer()
    {
        // 6 units over 4 shards: unit i goes to shard i mod 4, whole.
        for (var unit = 0; unit < 6; unit++)
        {
            var owners = Enumerable.Range(0, 4).Where(k => ExportTargets.ShareOf(unit, 6, new ShardSpec(k, 4)) is not null).ToList();
            Assert.Equal([unit % 4], owners);
            Assert.Equal(ShardSpec.All, ExportTargets.ShareOf(unit, 6, new ShardSpec(unit % 4, 4)));
        }
        // 2 units over 5 shards: unit 0 is split 3 ways (shards 0, 2, 4), unit 1 two ways (shards 1, 3).
        Assert.Equal([new ShardSpec(0, 3), null, new ShardSpec(1, 3), null, new ShardSpec(2, 3)],
            Enumerable.Range(0, 5).Select(k => ExportTargets.ShareOf(0, 2, new ShardSpec(k, 5))));
        Assert.Equal([null, new ShardSpec(0, 2), null, new ShardSpec(1, 2), null],
            Enumerable.Range(0, 5).Select(k => ExportTargets.ShareOf(1, 2, new ShardSpec(k, 5))));
    }

    [Fact]
    public void Units_are_ordered_by_account_then_region_and_own_only_their_ARNs()
    {
        using var plan = ExportTargets.Plan(new ExportOptions { Out = "x", Regions = ["us-west-2", "eu-west-1"] }, new AwsClientOptions(), ShardSpec.All);

        Assert.Equal(["eu-west-1", "us-west-2"], plan.Units.Select(u => u.Label));
        Assert.True(plan.Units[0].Owns("arn:aws:states:eu-west-1:123456789012:stateMachine:orders"));
        Assert.False(plan.Units[0].Owns("arn:aws:states:us-west-2:123456789012:stateMachine:orders"));
    }

    [Theory]
    [InlineData("arn:aws:states:eu-west-1:123456789012:stateMachine:orders", "123456789012", "eu-west-1")]
    [InlineData("arn:aws:lambda:us-east-1:123456789012:function:pay:$LATEST", "123456789012", "us-east-1")]
    [InlineData("states:aws:x:eu-west-1:123456789012:stateMachine:orders", null, null)]
    [InlineData("arn:aws:states:eu-west-1:123456789012", null, null)]
    [InlineData("arn:aws:states::123456789012:stateMachine:orders", "123456789012", null)]
    public void A_default_units_location_is_read_from_what_it_listed_as_every_tables_account_and_region_are(string seen, string? account, string? region)
    {
        using var plan = ExportTargets.Plan(new ExportOptions { Out = "x" }, new AwsClientOptions(), ShardSpec.All);
        var unit = Assert.Single(plan.Units);
        unit.Saw(seen);

        Assert.Equal((account, region), unit.Location);
        Assert.Equal((ArnLocation.Account(seen), ArnLocation.Region(seen)), unit.Location);
    }

    [Fact]
    public void The_writer_queue_holds_queue_capacity_fetched_executions_for_each_unit_crawled_at_once()
    {
        var options = new ExportOptions { Out = "x", QueueCapacity = 64, Parallel = 4 };
        Assert.Equal(64, Analytics.Export.Crawl.ExportJob.WriterQueueCapacity(options, 1));
        Assert.Equal(128, Analytics.Export.Crawl.ExportJob.WriterQueueCapacity(options, 2));
        Assert.Equal(256, Analytics.Export.Crawl.ExportJob.WriterQueueCapacity(options, 6));
    }
}
