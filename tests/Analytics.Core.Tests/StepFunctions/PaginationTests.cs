using Analytics.Core.Flattening;
using System.Buffers;
using Analytics.Benchmarks.Corpus;
using Analytics.Core.StepFunctions;
using Analytics.Core.Tests.Support;

namespace Analytics.Core.Tests.StepFunctions;

/// <summary>The same history given as one page, many pages, newest-first pages, or through small batches yields the
/// same rows: the derivations carry their state across page and batch boundaries.</summary>
public class PaginationTests
{
    private const double Start = 1_763_712_000;

    [Fact]
    public void A_25000_event_history_over_25_pages_in_either_order_gives_the_single_page_rows()
    {
        var generator = new HistoryGenerator(7, new GeneratorOptions { MinMapItems = 5000, MaxMapItems = 5000 });
        generator.Generate(Start);
        Assert.Equal(25_000, generator.EventCount);

        var single = Flatten.History(generator.SinglePage());
        var forward = Flatten.History(Pages(generator, 1000, newestFirst: false));
        var backward = Flatten.History(Pages(generator, 1000, newestFirst: true), order: HistoryOrder.Descending);
        var detected = Flatten.History(Pages(generator, 1000, newestFirst: true), order: HistoryOrder.Detect);

        Assert.Equal(25, Pages(generator, 1000, newestFirst: false).Count);
        var execution = single.Rows("executions").Single();
        Assert.Equal(("FAILED", "States.Runtime", 25_000L), (execution.Text("status"), execution.Text("error"), execution.Long("event_count")));
        Assert.True(single.Rows("state_visits").Count > 3000);
        Assert.True(single.Rows("task_attempts").Count > 3000);
        AssertSameRows(single, forward);
        AssertSameRows(single, backward);
        AssertSameRows(single, detected);
    }

    [Fact]
    public void Payload_strings_of_256_KB_split_over_pages_and_small_batches_give_the_same_rows()
    {
        var generator = new HistoryGenerator(11, new GeneratorOptions { PayloadBytes = 256 * 1024, MinMapItems = 3, MaxMapItems = 3 });
        generator.Generate(Start);
        var options = new FlattenerOptions { IncludeExecutionData = true };

        var single = Flatten.History([generator.SinglePage()], options);
        var paged = Flatten.History(Pages(generator, 3, newestFirst: false), options, capacity: 7);
        var reversed = Flatten.History(Pages(generator, 5, newestFirst: true), options, HistoryOrder.Descending, capacity: 3);

        var withOutput = single.Rows("events").First(e => e.Text("type") == "TaskSucceeded");
        Assert.Equal(256 * 1024, withOutput.Text("output")!.Length);
        Assert.Equal(256L * 1024, withOutput.Long("output_bytes"));
        Assert.StartsWith("{\"order\":{\"id\":\"o-1\"", withOutput.Text("output"), StringComparison.Ordinal);
        AssertSameRows(single, paged);
        AssertSameRows(single, reversed);
    }

    [Fact]
    public void Input_and_output_text_is_left_out_unless_asked_for_but_its_size_is_kept()
    {
        var generator = new HistoryGenerator(3, new GeneratorOptions { PayloadBytes = 1000 });
        generator.Generate(Start);

        var rows = Flatten.History(generator.SinglePage());

        var started = rows.Rows("events")[0];
        Assert.Null(started.Text("input"));
        Assert.Equal(1000L, started.Long("input_bytes"));
        Assert.All(rows.Rows("events"), e => Assert.Null(e.Text("output")));
    }

    private static List<byte[]> Pages(HistoryGenerator generator, int size, bool newestFirst)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var ranges = generator.WritePages(buffer, size, newestFirst);
        return ranges.Select(r => buffer.WrittenSpan.Slice(r.Offset, r.Length).ToArray()).ToList();
    }

    private static void AssertSameRows(RowCollector expected, RowCollector actual)
    {
        foreach (var table in ExecutionHistoryFlattener.Tables)
        {
            var want = expected.Rows(table.Name).Select(r => r.ToString()).ToList();
            var got = actual.Rows(table.Name).Select(r => r.ToString()).ToList();
            Assert.Equal(want.Count, got.Count);
            for (var i = 0; i < want.Count; i++)
            {
                Assert.True(want[i] == got[i], $"{table.Name} row {i} differs:\n{want[i]}\n{got[i]}");
            }
        }
    }
}
