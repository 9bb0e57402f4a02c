using Analytics.Core.Durable;
using Analytics.Core.Flattening;
using Analytics.Core.Json;
using Analytics.Core.Tests.Support;

namespace Analytics.Core.Tests.Durable;

/// <summary>The durable event types the corpus lacks, from Fixtures/synthetic-durable (synthetic, see SOURCES.md).</summary>
public class DurableSyntheticTests
{
    [Fact]
    public void Timed_out_execution_with_cancelled_wait_and_timed_out_and_stopped_chained_invokes()
    {
        var rows = FlattenDurable.History(Fixtures.Bytes("synthetic-durable", "durable-timed-out.json"), options: new FlattenerOptions { IncludeExecutionData = true });

        var operations = rows.Rows("durable_operations").Select(o => (o.Text("name"), o.Text("type"), o.Text("status"), o.Text("error_type"))).ToList();
        Assert.Equal(
        [
            (null, "EXECUTION", "TIMED_OUT", "States.Timeout"),
            ("cool-down", "WAIT", "CANCELLED", "Wait.Cancelled"),
            ("charge", "CHAINED_INVOKE", "TIMED_OUT", "ChainedInvoke.TimedOut"),
            ("reserve", "CHAINED_INVOKE", "STOPPED", "ChainedInvoke.Stopped"),
        ], operations);
        var execution = rows.Rows("durable_executions").Single();
        Assert.Equal(("TIMED_OUT", 900_000L, "States.Timeout", 2), (execution.Text("status"), execution.Long("duration_ms"), execution.Text("error_type"), (int)execution["invocation_count"]!));

        var events = rows.Rows("durable_events");
        Assert.Equal((900L, "{\"orderId\":\"o-7\"}", 17L), (events[0].Long("timeout_seconds"), events[0].Text("payload"), events[0].Long("payload_bytes")));
        Assert.Equal((600L, 1763712600010000L), (events[1].Long("wait_seconds"), events[1].Long("scheduled_end_time")));
        Assert.Equal(("7", "arn:aws:lambda:us-east-1:123456789012:function:payments:7/durable-execution/charge-o-7/5c2b"), (events[2].Text("executed_version"), events[2].Text("chained_execution_arn")));
        Assert.Equal("tenant-9", events[3].Text("tenant_id"));
        Assert.Equal(("Sandbox.Timedout", 1763712300000000L, "0f7e2c1a-1111-4c2b-9d3e-000000000002"), (events[8].Text("error_type"), events[8].Long("invocation_start_time"), events[8].Text("request_id")));
        Assert.All(events, e => Assert.Null(e.Text("details_json")));
    }

    [Fact]
    public void Stopped_execution_leaves_the_step_pending_its_retry()
    {
        var rows = FlattenDurable.History(Fixtures.Bytes("synthetic-durable", "durable-stopped.json"));

        var step = rows.Rows("durable_operations").Single(o => o.Text("type") == "STEP");
        Assert.Equal(("PENDING", 1, "TimeoutError"), (step.Text("status"), (int)step["attempts"]!, step.Text("error_type")));
        Assert.Equal("STOPPED", rows.Rows("durable_executions").Single().Text("status"));
    }

    [Fact]
    public void GetDurableExecutionState_pages_become_operation_rows()
    {
        var rows = new RowCollector();
        using var flattener = new DurableStateFlattener(DurableStateFlattener.CreateOutput(rows));
        flattener.BeginExecution(FlattenDurable.Arn);
        flattener.AddPage(Fixtures.Bytes("synthetic-durable", "durable-state-page.json"));
        Assert.Equal(4, flattener.EndExecution());
        flattener.Flush();

        var operations = rows.Rows("durable_operations");
        Assert.Equal(["EXECUTION", "STEP", "CONTEXT", "WAIT"], operations.Select(o => o.Text("type")));
        Assert.Equal(("PENDING", 2, "TimeoutError", "upstream timeout"), (operations[1].Text("status"), (int)operations[1]["attempts"]!, operations[1].Text("error_type"), operations[1].Text("error_message")));
        Assert.Equal(("c4ca4238a0b92382", 470L), (operations[2].Text("parent_id"), operations[2].Long("duration_ms")));
        Assert.All(operations, o => Assert.Equal(1763712000000000L, o.Long("execution_start_time")));
    }

    [Fact]
    public void Unknown_durable_members_go_to_details_json_and_bad_shapes_are_reported()
    {
        var page = """
            {"Events":[{"EventType":"StepStarted","EventId":1,"Id":"a","EventTimestamp":1763712000.5,"Flavour":"x",
              "StepStartedDetails":{"Priority":3},"StepFailedDetails":{"Error":{"Payload":{"ErrorType":"E","Code":7}}}}]}
            """u8.ToArray();
        var rows = FlattenDurable.History(page);
        Assert.Equal("""{"Flavour":"x","StepStartedDetails":{"Priority":3},"StepFailedDetails":{"Error.Payload.Code":7}}""", rows.Rows("durable_events")[0].Text("details_json"));

        var bad = """[{"EventType":"StepStarted","EventId":"1"}]"""u8.ToArray();
        var error = Assert.Throws<HistoryFormatException>(() => FlattenDurable.History(bad));
        Assert.Contains("'EventId' must be a non-negative integer", error.Message, StringComparison.Ordinal);
        Assert.Equal(38, error.ByteOffset);
    }
}
