using System.Text;
using Analytics.Core.Json;
using Analytics.Core.Durable;
using Analytics.Core.StepFunctions;
using Analytics.Core.Tests.Support;

namespace Analytics.Core.Tests.Output;

/// <summary>
/// An execution's rows reach the sink only once it ended well: the export streams rows straight into Parquet, and a
/// quarantined history must contribute none (nor a half of one), however many batches it filled.
/// </summary>
public class HeldRowsTests
{
    private const string Child = "arn:aws:states:us-east-1:123456789012:execution:Orders/Map:child-1";

    [Fact]
    public void A_history_that_fails_after_filling_several_batches_hands_the_sink_no_row_and_keeps_the_earlier_executions_rows()
    {
        var rows = new RowCollector();
        using var flattener = new ExecutionHistoryFlattener(ExecutionHistoryFlattener.CreateOutput(rows, capacity: 4));
        flattener.BeginExecution(Flatten.Arn);
        flattener.AddPage(Page(events: 3));
        flattener.EndExecution();

        flattener.BeginExecution(Child);
        flattener.AddPage(Page(events: 10));
        Assert.Equal(0, rows.Writes); // 13 events in batches of 4: held back, not handed over
        Assert.Throws<HistoryFormatException>(() => flattener.AddPage("{\"events\":[{"u8));
        flattener.AbandonExecution();
        flattener.Flush();

        Assert.Equal([Flatten.Arn], rows.Rows("executions").Select(r => r.Text("execution_arn")));
        Assert.Equal(3, rows.Rows("events").Count);
        Assert.All(rows.Rows("events"), r => Assert.Equal(Flatten.Arn, r.Text("execution_arn")));
        Assert.All(rows.Rows("state_visits"), r => Assert.Equal(Flatten.Arn, r.Text("execution_arn")));
    }

    [Fact]
    public void A_history_larger_than_a_batch_is_handed_over_whole_once_it_ends()
    {
        var rows = new RowCollector();
        using var flattener = new ExecutionHistoryFlattener(ExecutionHistoryFlattener.CreateOutput(rows, capacity: 4));
        flattener.BeginExecution(Flatten.Arn);
        flattener.AddPage(Page(events: 11));
        Assert.Equal(0, rows.Writes);
        flattener.EndExecution();
        flattener.Flush();

        Assert.Equal(Enumerable.Range(1, 11).Select(i => (long?)i), rows.Rows("events").Select(r => r.Long("event_id")));
        Assert.All(rows.Rows("events"), r => Assert.Equal(Flatten.Arn, r.Text("execution_arn")));
    }

    [Fact]
    public void An_abandoned_durable_history_leaves_no_row()
    {
        var rows = new RowCollector();
        using var flattener = new DurableHistoryFlattener(DurableHistoryFlattener.CreateOutput(rows, capacity: 2));
        flattener.BeginExecution(FlattenDurable.Arn);
        flattener.AddPage("""{"Events":[{"EventType":"ExecutionStarted","EventId":1,"Id":"x","EventTimestamp":1763712000},{"EventType":"StepStarted","EventId":2,"Id":"s","Name":"a","SubType":"Step","EventTimestamp":1763712001},{"EventType":"StepStarted","EventId":3,"Id":"t","Name":"b","SubType":"Step","EventTimestamp":1763712002}]}"""u8);
        Assert.Throws<HistoryFormatException>(() => flattener.AddPage("{\"Events\":[{"u8));
        flattener.AbandonExecution();
        flattener.Flush();

        Assert.Equal(0, rows.Writes);
    }

    [Fact]
    public void A_map_run_childs_links_given_up_front_fill_its_executions_row()
    {
        var rows = new RowCollector();
        using var flattener = new ExecutionHistoryFlattener(ExecutionHistoryFlattener.CreateOutput(rows));
        const string MapRun = "arn:aws:states:us-east-1:123456789012:mapRun:Orders/Map:run-1";
        flattener.BeginExecution(Child, mapRunArn: MapRun, parentExecutionArn: Flatten.Arn);
        flattener.AddPage(Page(events: 2));
        flattener.EndExecution();
        flattener.BeginExecution(Flatten.Arn);
        flattener.AddPage(Page(events: 2));
        flattener.EndExecution();
        flattener.Flush();

        var executions = rows.Rows("executions");
        Assert.Equal((MapRun, Flatten.Arn), (executions[0].Text("map_run_arn"), executions[0].Text("parent_execution_arn")));
        Assert.Equal((null, null), (executions[1].Text("map_run_arn"), executions[1].Text("parent_execution_arn")));
    }

    /// <summary>ExecutionStarted, then Pass states entered and exited.</summary>
    private static byte[] Page(int events)
    {
        var list = new List<string> { """{"timestamp":1763712000.5,"type":"ExecutionStarted","id":1,"previousEventId":0,"executionStartedEventDetails":{"input":"{}"}}""" };
        for (var id = 2; id <= events; id++)
        {
            var type = id % 2 == 0 ? "PassStateEntered" : "PassStateExited";
            var details = id % 2 == 0 ? "stateEnteredEventDetails" : "stateExitedEventDetails";
            list.Add($$$"""{"timestamp":1763712001.{{{id:D3}}},"type":"{{{type}}}","id":{{{id}}},"previousEventId":{{{id - 1}}},"{{{details}}}":{"name":"P{{{id / 2}}}"}}""");
        }
        return Encoding.UTF8.GetBytes("{\"events\":[" + string.Join(",", list) + "]}");
    }
}
