using Analytics.Core.Flattening;
using System.Text;
using Analytics.Core.Json;
using Analytics.Core.StepFunctions;
using Analytics.Core.Tests.Support;

namespace Analytics.Core.Tests.StepFunctions;

/// <summary>Bad input gets a <see cref="HistoryFormatException"/> naming the problem and its byte offset.</summary>
public class MalformedInputTests
{
    private const string Good = """{"events":[{"timestamp":1525283875.58,"type":"ExecutionStarted","id":1,"previousEventId":0}]}""";

    [Theory]
    [InlineData("""{"events":[{"timestamp":1525283875.58,"type":"Execution""", "malformed JSON", 45)]
    [InlineData("""{"events":[{"timestamp":1525283875.58,"type":"ExecutionStarted","id":"1"}]}""", "'id' must be an integer", 69)]
    [InlineData("""{"events":[{"timestamp":1525283875.58,"type":"ExecutionStarted","id":[0]}]}""", "'id' must be an integer", 69)]
    [InlineData("""{"events":[{"timestamp":1525283875.58,"type":"ExecutionStarted","id":1.5}]}""", "'id' must be an integer", 69)]
    [InlineData("""{"events":[{"timestamp":1525283875.58,"type":7,"id":1}]}""", "'type' must be a string", 45)]
    [InlineData("""{"events":[{"timestamp":1525283875.58,"id":1}]}""", "has no 'type'", 11)]
    [InlineData("""{"events":[{"timestamp":1525283875.58,"type":"ExecutionStarted"}]}""", "has no 'id'", 11)]
    [InlineData("""{"events":{"id":1}}""", "'events' must be one array", 10)]
    [InlineData("""{"Events":[]}""", "no 'events' array", 12)]
    [InlineData("""{"events":[1]}""", "each event must be a JSON object", 11)]
    [InlineData("""  "events" """, "must be a JSON object or array", 2)]
    [InlineData("", "does not contain any JSON tokens", 0)]
    [InlineData("""{"events":[]} {"events":[]}""", "malformed JSON", 14)]
    [InlineData("""{"events":[{"timestamp":"2026-02-30T00:00:00Z","type":"ExecutionStarted","id":1}]}""", "unparseable timestamp", 24)]
    public void Malformed_pages_are_reported_with_the_problem_and_byte_offset(string page, string problem, long offset)
    {
        var error = Assert.Throws<HistoryFormatException>(() => Flatten.History(Encoding.UTF8.GetBytes(page)));
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        Assert.Equal(offset, error.ByteOffset);
        Assert.Contains($"byte offset {offset}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_page_that_is_not_UTF8_is_rejected_at_the_first_bad_byte()
    {
        // Windows-1252 "é" (0xE9) inside a string, as a PowerShell redirect writes it.
        var page = Encoding.UTF8.GetBytes(Good.Replace("ExecutionStarted", "ExecutionStarted\u0001", StringComparison.Ordinal));
        var at = Array.IndexOf(page, (byte)1);
        page[at] = 0xE9;

        var error = Assert.Throws<HistoryFormatException>(() => Flatten.History(page));
        Assert.Contains("not valid UTF-8", error.Message, StringComparison.Ordinal);
        Assert.Equal(at, error.ByteOffset);
    }

    [Fact]
    public void Errors_in_a_later_page_name_that_page_and_reverse_order_reports_them_while_adding_pages()
    {
        var bad = """{"events":[{"timestamp":1525283875.58,"type":"PassStateEntered","id":"2"}]}"""u8.ToArray();
        var ascending = Assert.Throws<HistoryFormatException>(() => Flatten.History([Encoding.UTF8.GetBytes(Good), bad]));
        Assert.Equal(1, ascending.PageIndex);

        var truncated = """{"events":[{"timestamp":1525283875.58,"type":"PassStat"""u8.ToArray();
        var descending = Assert.Throws<HistoryFormatException>(() => Flatten.History([truncated, Encoding.UTF8.GetBytes(Good)], order: HistoryOrder.Descending));
        Assert.Equal(0, descending.PageIndex);
    }

    [Fact]
    public void A_failed_execution_leaves_the_flattener_usable_for_the_next_one()
    {
        var rows = new RowCollector();
        using var flattener = new ExecutionHistoryFlattener(ExecutionHistoryFlattener.CreateOutput(rows));
        flattener.BeginExecution(Flatten.Arn);
        Assert.Throws<HistoryFormatException>(() => flattener.AddPage("{\"events\":[{"u8));
        flattener.AbandonExecution();

        flattener.BeginExecution(Flatten.Arn);
        flattener.AddPage(Encoding.UTF8.GetBytes(Good));
        var summary = flattener.EndExecution();

        Assert.Equal(("RUNNING", 1L), (summary.Status, summary.EventCount));
    }

    [Fact]
    public void Unknown_types_and_members_are_kept_in_details_json_and_known_ones_are_not()
    {
        // Fixtures/synthetic/unknown-types-and-members.json (synthetic).
        var rows = Flatten.History(Fixtures.Bytes("synthetic", "unknown-types-and-members.json"));

        var events = rows.Rows("events");
        Assert.Equal("""{"taskScheduledEventDetails":{"priority":"HIGH","retryPolicy":{"max":3}}}""", events[2].Text("details_json"));
        Assert.Equal("""{"agentInvocationStartedEventDetails":{"agentArn":"arn:aws:bedrock:us-east-1:123456789012:agent/a1","sessionId":"s-1"},"futureTopLevel":7}""", events[3].Text("details_json"));
        Assert.Equal("AgentInvocationStarted", events[3].Text("type"));
        Assert.Equal("Summarise", events[3].Text("state_name"));
        Assert.Equal(8, events.Count(e => e.Text("details_json") is null) + 2);
        Assert.Equal(true, events[1]["truncated"]);
        Assert.Equal(true, events[5]["truncated"]);
        Assert.Equal(false, events[6]["truncated"]);
        Assert.Null(events[4]["truncated"]);
        Assert.Equal("us-east-1", events[2].Text("task_region"));
    }

    [Fact]
    public void Event_members_may_come_in_any_order_and_escapes_are_decoded()
    {
        var page = """
            [{"stateEnteredEventDetails":{"input":"{\"a\":\"\u00e9\\n\"}","name":"Caf\u00e9 \"1\""},"previousEventId":0,"id":2,"type":"PassStateEntered","timestamp":1.574287263898E9}]
            """u8.ToArray();

        var rows = Flatten.History(page, new FlattenerOptions { IncludeExecutionData = true });

        var entered = rows.Rows("events").Single();
        Assert.Equal("Café \"1\"", entered.Text("state_name"));
        Assert.Equal("{\"a\":\"é\\n\"}", entered.Text("input"));
        Assert.Equal(Encoding.UTF8.GetByteCount("{\"a\":\"é\\n\"}"), entered.Long("input_bytes"));
        Assert.Equal(1574287263898000L, entered.Long("timestamp"));
    }
}
