using System.Text;
using Analytics.Export.Crawl;
using Analytics.Export.Tests.Support;

namespace Analytics.Export.Tests.Crawl;

/// <summary>The EXPRESS Map Run children's lines wait in a spill file, not in memory, until their Map Runs take them.</summary>
public sealed class ExpressChildLogsTests
{
    private const string Machine = "arn:aws:states:us-east-1:123456789012:stateMachine:batch";

    private static LogLines Lines(params string[] lines) => LogLines.Of(lines.Select(Encoding.UTF8.GetBytes));

    private static IEnumerable<string> Text(LogLines? lines) => lines!.Select(l => Encoding.UTF8.GetString(l.Span));

    [Fact]
    public async Task Children_are_read_back_from_the_spill_file_newest_redrive_once_and_the_file_goes_with_the_run()
    {
        using var temp = new TempFolder();
        var spill = temp.Sub("spill");
        using (var logs = new ExpressChildLogs([Machine], spill))
        {
            logs.Put("child-a", 0, Lines("{\"id\":\"1\"}", "", "{\"id\":\"2\",\"é\":true}"));
            logs.Put("child-b", 1, Lines("b1 redrive 1"));
            logs.Put("child-b", 0, Lines("b0 redrive 0")); // an older redrive read later by another slice
            logs.Put("child-c", 0, Lines("c0"));
            logs.Forget("child-c", newerRedrive: 1); // its redrive 1 was read but is not all in
            logs.Put("child-d", 2, Lines());
            Assert.Equal(3, logs.Spilled);
            Assert.Single(Directory.GetFiles(spill, "express-children-*"));

            logs.Crawled(Machine, failed: false);
            Assert.True(await logs.ReadAsync("arn:aws:states:us-east-1:123456789012:mapRun:batch/Enrich:1", CancellationToken.None));
            Assert.Equal(["{\"id\":\"1\"}", "", "{\"id\":\"2\",\"é\":true}"], Text(logs.Take("child-a")));
            Assert.Equal(["b1 redrive 1"], Text(logs.Take("child-b")));
            Assert.Null(logs.Take("child-c"));
            Assert.Empty(logs.Take("child-d")!);
            Assert.Null(logs.Take("child-a"));
            Assert.Equal(0, logs.Spilled);
        }
        Assert.Empty(Directory.GetFiles(spill));
    }
}
