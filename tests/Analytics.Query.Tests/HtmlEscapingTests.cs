using Analytics.Query.Report;
using Analytics.Query.Tests.Dataset;

namespace Analytics.Query.Tests;

public sealed class HtmlEscapingTests
{
    [Fact]
    public void Names_and_errors_from_the_data_are_escaped_in_html_and_markdown()
    {
        using var folder = new TempFolder();
        var hostile = "<script>alert(1)</script>|*x*";
        var world = new WorldGenerator(seed: 5) { Days = 14, OrdersPerDay = 10, EtlPerDay = 0, SagasPerDay = 0 }.Generate();
        var renamed = new GeneratedWorld();
        renamed.Executions.AddRange(world.Executions.Select(e => e with { StateMachineName = hostile, Error = e.Error is null ? null : hostile }));
        renamed.TaskAttempts.AddRange(world.TaskAttempts.Select(a => a with { StateMachineName = hostile, Error = a.Error is null ? null : hostile }));
        DatasetWriter.Write(renamed, folder.Path);
        using var output = new TempFolder();

        var (markdown, html, _) = WeeklyReport.Write(folder.Path, IsoWeek.Parse("2026-W46"), output.Path);

        var page = File.ReadAllText(html);
        Assert.DoesNotContain("<script", page, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", page, StringComparison.Ordinal);
        var text = File.ReadAllText(markdown);
        Assert.DoesNotContain("<script", text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;\\|\\*x\\*", text, StringComparison.Ordinal);
    }
}
