using System.ComponentModel.DataAnnotations;
using Analytics.Aws.Retry;
using Analytics.Export.Tests.Support;

namespace Analytics.Export.Tests;

public sealed class ExportSettingsTests
{
    [Fact]
    public void Command_line_overrides_appsettings_json_and_typed_values_are_bound()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.Sub("appsettings.json"), """
            { "Export": { "Out": "from-file", "ChunkExecutions": 42, "Overlap": "00:30:00", "Functions": "pay-*" },
              "Aws": { "Region": "eu-west-1", "Pacing": "none" } }
            """);
        var (export, aws) = ExportSettings.Load(temp.Path, new Dictionary<string, string?>
        {
            ["Export:Out"] = "from-cli",
            ["Aws:MaxRps"] = "GetExecutionHistory=10,ListExecutions=2.5",
        });
        Assert.Equal("from-cli", export.Out);
        Assert.Equal(42, export.ChunkExecutions);
        Assert.Equal(TimeSpan.FromMinutes(30), export.Overlap);
        Assert.Equal("pay-*", export.Functions);
        Assert.Equal("eu-west-1", aws.Region);
        Assert.Equal(RateLimitMode.None, aws.RateLimits);
        Assert.Equal(2.5, aws.MaxRequestsPerSecond!["ListExecutions"]);
    }

    [Theory]
    [InlineData("Export:Shard", "2/2")]
    [InlineData("Export:ChunkExecutions", "0")]
    [InlineData("Aws:Pacing", "fast")]
    [InlineData("Aws:MaxRps", "GetExecutionHistory")]
    [InlineData("Aws:EndpointUrl", "not a url")]
    [InlineData("Export:Overlap", "-01:00:00")]
    public void Bad_settings_are_rejected_before_anything_runs(string key, string value)
    {
        using var temp = new TempFolder();
        Assert.Throws<ValidationException>(() => ExportSettings.Load(temp.Path, new Dictionary<string, string?> { ["Export:Out"] = "x", [key] = value }));
    }

    [Fact]
    public void Missing_output_folder_is_a_clear_error()
    {
        using var temp = new TempFolder();
        var error = Assert.Throws<ValidationException>(() => ExportSettings.Load(temp.Path, new Dictionary<string, string?>()));
        Assert.Contains("Out", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("*", "order-fulfillment", true)]
    [InlineData("order-*", "order-fulfillment", true)]
    [InlineData("order-*", "inventory-sync", false)]
    [InlineData("inv?ntory-sync,order-*", "inventory-sync", true)]
    [InlineData("a.b", "axb", false)]
    public void Name_globs_match_whole_names(string glob, string name, bool matches) =>
        Assert.Equal(matches, NameGlob.Parse(glob).Matches(name));
}
