using Analytics.Core.Flattening;
using Analytics.Core.StepFunctions;
using Analytics.Core.Tests.Support;

namespace Analytics.Core.Tests.StepFunctions;

public class EventTypeCoverageTests
{
    [Fact]
    public void All_62_event_types_occur_in_the_fixtures_and_flatten_with_every_member_in_a_column()
    {
        var files = Directory.GetFiles(Fixtures.Path("localstack-sfn", "histories"))
            .Concat(Directory.GetFiles(Fixtures.Path("synthetic"), "*.json"))
            .Append(Fixtures.Path("aws-docs-samples", "API_GetExecutionHistory.HelloWorld.sample-response.json"));
        var damaged = new HashSet<string>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            RowCollector rows;
            try
            {
                rows = Flatten.History(File.ReadAllBytes(file), Flatten.Lenient, HistoryOrder.Detect);
            }
            catch (Analytics.Core.Json.HistoryFormatException)
            {
                damaged.Add(Path.GetFileName(file));
                continue;
            }
            foreach (var e in rows.Rows("events"))
            {
                seen.Add(e.Text("type")!);
                if (Path.GetFileName(file) != "unknown-types-and-members.json")
                {
                    Assert.True(e.Text("details_json") is null, $"{Path.GetFileName(file)} #{e.Long("event_id")}: {e.Text("details_json")}");
                }
            }
        }

        Assert.Equal(10, damaged.Count);
        Assert.Equal(HistoryEventTypes.Count, HistoryEventTypes.Names.Count());
        Assert.Empty(HistoryEventTypes.Names.Except(seen));
        Assert.Equal(["AgentInvocationStarted"], seen.Except(HistoryEventTypes.Names));
    }
}
