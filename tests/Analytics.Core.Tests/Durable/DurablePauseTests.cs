using System.Text;
using System.Text.Json;
using Analytics.Core.Flattening;
using Analytics.Core.Tests.Support;

namespace Analytics.Core.Tests.Durable;

/// <summary>
/// ExecutionPaused / ExecutionResumed (Lambda's newest durable model; Fixtures/synthetic-durable/durable-paused-resumed.json:
/// two pauses, two resumes, then success) in typed columns, and the execution's status and pause columns.
/// </summary>
public class DurablePauseTests
{
    private static readonly FlattenerOptions s_withData = new() { IncludeExecutionData = true };

    [Fact]
    public void Paused_and_resumed_events_land_in_typed_columns_with_nothing_in_details_json()
    {
        var events = FlattenDurable.History(Fixture(), options: s_withData).Rows("durable_events");

        var paused = events.Where(e => e.Text("event_type") == "ExecutionPaused").ToList();
        Assert.Equal(
            [(1763712000350000L, true, "stock audit", (object?)false), (1763715600700000L, false, null, true)],
            paused.Select(e => (e.Long("pause_request_time")!.Value, (bool)e["execution_timeout_paused"]!, e.Text("reason"), e["truncated"])));
        var resumed = events.Where(e => e.Text("event_type") == "ExecutionResumed").ToList();
        Assert.Equal([(1763715600250000L, "audit done"), (1763719199000000L, null)], resumed.Select(e => (e.Long("resume_request_time")!.Value, e.Text("reason"))));
        Assert.All(events, e => Assert.Null(e.Text("details_json")));
    }

    [Fact]
    public void The_pause_reason_is_execution_data_and_kept_only_when_asked_for()
    {
        var events = FlattenDurable.History(Fixture()).Rows("durable_events");

        Assert.All(events, e => Assert.Null(e.Text("reason")));
        Assert.All(events, e => Assert.Null(e.Text("details_json")));
        Assert.Equal(1763712000350000L, events.First(e => e.Text("event_type") == "ExecutionPaused").Long("pause_request_time"));
    }

    [Fact]
    public void A_history_whose_last_lifecycle_event_is_ExecutionPaused_is_PAUSED()
    {
        // Up to the first pause and the InvocationCompleted after it (which does not change the status).
        var execution = FlattenDurable.History(Prefix(5)).Rows("durable_executions").Single();

        Assert.Equal(("PAUSED", 1, 1763712000410000L, (long?)null), (execution.Text("status"), (int)execution["pause_count"]!, execution.Long("last_pause_time")!.Value, execution.Long("last_resume_time")));
        Assert.Equal((3600L, true, (long?)null), (execution.Long("execution_timeout_seconds")!.Value, (bool)execution["execution_timeout_paused"]!, execution.Long("end_time")));
    }

    [Fact]
    public void A_resumed_history_is_RUNNING_again_and_a_closed_one_keeps_its_outcome_and_pause_record()
    {
        var resumed = FlattenDurable.History(Prefix(7)).Rows("durable_executions").Single();
        Assert.Equal(("RUNNING", 1, 1763715600500000L), (resumed.Text("status"), (int)resumed["pause_count"]!, resumed.Long("last_resume_time")!.Value));

        var rows = FlattenDurable.History(Fixture());
        var closed = rows.Rows("durable_executions").Single();
        Assert.Equal(("SUCCEEDED", 2, 1763715601000000L, 1763719200000000L, false), (closed.Text("status"), (int)closed["pause_count"]!, closed.Long("last_pause_time")!.Value, closed.Long("last_resume_time")!.Value, (bool)closed["execution_timeout_paused"]!));
        Assert.Equal(7_200_300L, closed.Long("duration_ms"));
        var execution = rows.Rows("durable_operations").Single(o => o.Text("type") == "EXECUTION");
        Assert.Equal(("SUCCEEDED", 12L), (execution.Text("status"), execution.Long("last_event_id")));
    }

    [Fact]
    public void Newest_first_pages_give_the_same_pause_rows()
    {
        using var document = JsonDocument.Parse(Fixture());
        var events = document.RootElement.GetProperty("Events").EnumerateArray().Select(e => e.GetRawText()).Reverse().ToList();
        var pages = events.Chunk(5).Select(chunk => Encoding.UTF8.GetBytes("{\"Events\":[" + string.Join(",", chunk) + "],\"NextMarker\":\"m\"}")).ToList();

        var ascending = FlattenDurable.History(Fixture(), options: s_withData);
        var descending = FlattenDurable.History(pages, HistoryOrder.Descending, s_withData);

        foreach (var table in new[] { "durable_events", "durable_operations", "durable_executions" })
        {
            Assert.Equal(ascending.Rows(table).Select(r => r.ToString()), descending.Rows(table).Select(r => r.ToString()));
        }
    }

    private static byte[] Fixture() => Fixtures.Bytes("synthetic-durable", "durable-paused-resumed.json");

    /// <summary>The fixture's first <paramref name="count"/> events, as a history still in progress.</summary>
    private static byte[] Prefix(int count)
    {
        using var document = JsonDocument.Parse(Fixture());
        var events = document.RootElement.GetProperty("Events").EnumerateArray().Take(count).Select(e => e.GetRawText());
        return Encoding.UTF8.GetBytes("{\"Events\":[" + string.Join(",", events) + "]}");
    }
}
