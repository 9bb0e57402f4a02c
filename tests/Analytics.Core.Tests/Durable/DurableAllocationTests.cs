using System.Text;
using Analytics.Core.Columns;
using Analytics.Core.Durable;
using Analytics.Core.Flattening;
using Analytics.Core.Output;
using Analytics.Core.Tests.Support;

namespace Analytics.Core.Tests.Durable;

/// <summary>
/// The durable flatteners' hot path allocates nothing per event or operation: once warm, flattening a history of
/// 2,000+ events (retries, pauses, waits, callbacks, errors, payloads kept) allocates only the few bytes of its ARN.
/// </summary>
public class DurableAllocationTests
{
    // Well under one byte per event (a per-event allocation of the 2,000+ events would cost 48 KB or more), yet above
    // the few hundred bytes per execution seen only while the whole suite runs in parallel (892 B once; 120 B alone:
    // the ARN), which a shared pool handing out a fresh buffer under contention would explain; not investigated.
    private const int PerExecutionBudget = 4096;

    [Fact]
    public void Flattening_a_long_durable_history_allocates_nothing_per_event()
    {
        var page = LongHistory(steps: 400);
        using var flattener = new DurableHistoryFlattener(DurableHistoryFlattener.CreateOutput(new DiscardingSink()), new FlattenerOptions { IncludeExecutionData = true });
        void Run()
        {
            flattener.BeginExecution(FlattenDurable.Arn);
            flattener.AddPage(page);
            flattener.EndExecution();
        }

        var allocated = Measure(Run);

        Assert.True(allocated <= PerExecutionBudget, $"{allocated} bytes allocated per execution");
    }

    [Fact]
    public void Flattening_a_long_state_page_allocates_nothing_per_operation()
    {
        var operations = Enumerable.Range(0, 1000).Select(i =>
            """{"Id":"op-@I","Type":"STEP","Name":"s","StartTimestamp":1763712000.5,"Status":"PENDING","StepDetails":{"Attempt":2,"NextAttemptTimestamp":1763712030,"Result":"\"r\"","Error":{"ErrorType":"E","ErrorMessage":"m","ErrorData":"d","StackTrace":["at a"]}}}""".Replace("@I", i.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
        var page = Encoding.UTF8.GetBytes("{\"Operations\":[" + string.Join(",", operations) + "]}");
        using var flattener = new DurableStateFlattener(DurableStateFlattener.CreateOutput(new DiscardingSink()), new FlattenerOptions { IncludeExecutionData = true });
        void Run()
        {
            flattener.BeginExecution(FlattenDurable.Arn);
            flattener.AddPage(page);
            flattener.EndExecution();
        }

        var allocated = Measure(Run);

        Assert.True(allocated <= PerExecutionBudget, $"{allocated} bytes allocated per execution");
    }

    /// <summary>
    /// Bytes allocated per run once warm: past tiered compilation's promotions (30 calls), the least of three batches,
    /// so a one-off allocation of the runtime on this thread (a JIT stub, a resize) cannot fail the test while a real
    /// per-event allocation (2,000 events × at least 24 bytes) still does.
    /// </summary>
    private static long Measure(Action run)
    {
        for (var i = 0; i < 40; i++)
        {
            run();
        }
        const int Runs = 20;
        var least = long.MaxValue;
        for (var batch = 0; batch < 3; batch++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < Runs; i++)
            {
                run();
            }
            least = Math.Min(least, (GC.GetAllocatedBytesForCurrentThread() - before) / Runs);
        }
        return least;
    }

    /// <summary>Each step fails once (retry pending) then succeeds; a wait, a callback and a pause/resume every 50 steps.</summary>
    private static byte[] LongHistory(int steps)
    {
        var events = new List<string> { """{"EventType":"ExecutionStarted","EventId":1,"Id":"x","EventTimestamp":1763712000,"ExecutionStartedDetails":{"Input":{"Payload":"{\"k\":1}"},"ExecutionTimeout":900}}""" };
        var id = 1;
        for (var i = 0; i < steps; i++)
        {
            var t = 1763712001 + i;
            events.Add(Fill("""{"EventType":"StepStarted","EventId":@ID,"Id":"s@I","Name":"step","SubType":"Step","EventTimestamp":@T,"StepStartedDetails":{}}""", ref id, t, i));
            events.Add(Fill("""{"EventType":"StepFailed","EventId":@ID,"Id":"s@I","Name":"step","SubType":"Step","EventTimestamp":@T.1,"StepFailedDetails":{"Error":{"Payload":{"ErrorType":"E","ErrorMessage":"boom","ErrorData":"d","StackTrace":["at a"]}},"RetryDetails":{"CurrentAttempt":1,"NextAttemptDelaySeconds":1}}}""", ref id, t, i));
            events.Add(Fill("""{"EventType":"StepStarted","EventId":@ID,"Id":"s@I","Name":"step","SubType":"Step","EventTimestamp":@T.2,"StepStartedDetails":{}}""", ref id, t, i));
            events.Add(Fill("""{"EventType":"StepSucceeded","EventId":@ID,"Id":"s@I","Name":"step","SubType":"Step","EventTimestamp":@T.3,"StepSucceededDetails":{"Result":{"Payload":"\"ok\""},"RetryDetails":{"CurrentAttempt":1}}}""", ref id, t, i));
            if (i % 50 == 0)
            {
                events.Add(Fill("""{"EventType":"WaitStarted","EventId":@ID,"Id":"w@I","EventTimestamp":@T.4,"WaitStartedDetails":{"Duration":1,"ScheduledEndTimestamp":@U}}""", ref id, t, i));
                events.Add(Fill("""{"EventType":"CallbackStarted","EventId":@ID,"Id":"c@I","EventTimestamp":@T.5,"CallbackStartedDetails":{"CallbackId":"tok-@I","Timeout":30}}""", ref id, t, i));
                events.Add(Fill("""{"EventType":"ExecutionPaused","EventId":@ID,"Id":"x","EventTimestamp":@T.6,"ExecutionPausedDetails":{"PauseRequestTimestamp":@T.55,"Reason":{"Payload":"ops"},"ExecutionTimeoutPaused":true}}""", ref id, t, i));
                events.Add(Fill("""{"EventType":"ExecutionResumed","EventId":@ID,"Id":"x","EventTimestamp":@T.7,"ExecutionResumedDetails":{"ResumeRequestTimestamp":@T.65}}""", ref id, t, i));
                events.Add(Fill("""{"EventType":"InvocationCompleted","EventId":@ID,"EventTimestamp":@T.8,"InvocationCompletedDetails":{"StartTimestamp":@T,"EndTimestamp":@T.8,"RequestId":"r-@I"}}""", ref id, t, i));
            }
        }
        events.Add(Fill("""{"EventType":"ExecutionSucceeded","EventId":@ID,"Id":"x","EventTimestamp":1763713000,"ExecutionSucceededDetails":{"Result":{"Payload":"{}"}}}""", ref id, 0, 0));
        return Encoding.UTF8.GetBytes("{\"Events\":[" + string.Join(",", events) + "]}");
    }

    private static string Fill(string template, ref int id, int t, int i)
    {
        var text = template.Contains("@ID", StringComparison.Ordinal) ? template.Replace("@ID", (++id).ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal) : template;
        return text.Replace("@T", t.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("@U", (t + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("@I", i.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    private sealed class DiscardingSink : IBatchSink
    {
        public void Write(ColumnBatch batch)
        {
        }
    }
}
