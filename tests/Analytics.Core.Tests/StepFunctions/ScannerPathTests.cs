using System.Text;
using Analytics.Core.Flattening;
using Analytics.Core.Json;
using Analytics.Core.StepFunctions;
using Analytics.Core.Tests.Support;

namespace Analytics.Core.Tests.StepFunctions;

/// <summary>
/// The flattener reads in-order pages with its own scanner and hands anything it does not handle to the
/// Utf8JsonReader path. Both paths must give the same rows, warnings and errors (message, byte offset, page): the
/// reader path is forced by turning the UTF-8 check off, which the scanner relies on.
/// </summary>
public class ScannerPathTests
{
    private static readonly FlattenerOptions[] s_optionSets =
    [
        new(),
        new() { IncludeExecutionData = true },
        new() { Lenient = true },
        new() { Lenient = true, IncludeExecutionData = true },
    ];

    // ASCII only (byte corruption must not make it invalid UTF-8), with escapes, exponent and ISO timestamps, members
    // out of order, a null, whitespace, and a nextToken.
    private const string SmallPage = """
        {"events":[{"timestamp":1763596800.001,"type":"ExecutionStarted","id":1,"previousEventId":0,"executionStartedEventDetails":{"input":"{\"a\":1}","inputDetails":{"truncated":false},"roleArn":"arn:aws:iam::1:role/R"}},
         {"type":"TaskStateEntered","timestamp":1.763596800002E9,"id":2,"previousEventId":1,"stateEnteredEventDetails":{"name":"Caf\u00e9 \"x\"","input":"{}"}},
         {"timestamp":"2025-11-20T00:00:00.003Z","type":"TaskScheduled","id":3,"previousEventId":2,"taskScheduledEventDetails":{"resourceType":"lambda","resource":"invoke","region":"us-east-1","parameters":"{\"k\":\"v\\n\"}","timeoutInSeconds":60,"heartbeatInSeconds":null}},
         {"timestamp":1763596800.004,"type":"TaskFailed","id":4,"previousEventId":3,"taskFailedEventDetails":{"resourceType":"lambda","resource":"invoke","error":"E","cause":"{\"m\":\"t\"}"}},
         {"timestamp":1763596800.005,"type":"TaskStateExited","id":5,"previousEventId":4,"stateExitedEventDetails":{"name":"Caf\u00e9 \"x\"","output":"null","outputDetails":{"truncated":true}}}],
         "nextToken":"tok"}
        """;

    [Fact]
    public void Every_recorded_and_synthetic_history_reads_the_same_on_both_paths()
    {
        var files = Directory.GetFiles(Fixtures.Path("localstack-sfn", "histories"))
            .Concat(Directory.GetFiles(Fixtures.Path("synthetic")))
            .Concat(Directory.GetFiles(Fixtures.Path("aws-docs-samples")))
            .Where(f => f.EndsWith(".json", StringComparison.Ordinal))
            .ToList();
        var differences = new List<string>();
        foreach (var file in files)
        {
            var page = File.ReadAllBytes(file);
            foreach (var options in new[] { new FlattenerOptions(), new FlattenerOptions { Lenient = true, IncludeExecutionData = true } })
            {
                foreach (var order in new[] { HistoryOrder.Ascending, HistoryOrder.Detect })
                {
                    if (Difference([page], options, order) is { } difference)
                    {
                        differences.Add($"{Path.GetFileName(file)} ({order}, lenient {options.Lenient}): {difference}");
                    }
                }
            }
        }
        Assert.True(files.Count > 700);
        Assert.Empty(differences);
    }

    [Theory]
    // Escapes in every kind of value, \u escapes (a surrogate pair, an unpaired one), raw non-ASCII text.
    [InlineData("""[{"timestamp":1,"type":"PassStateEntered","id":1,"previousEventId":0,"stateEnteredEventDetails":{"name":"a\/b\\c\n\t\"\b\f\r","input":"\"\u00e9\ud83d\ude00\""}}]""")]
    [InlineData("""[{"timestamp":1,"type":"PassStateEntered","id":1,"previousEventId":0,"stateEnteredEventDetails":{"name":"x\ud800y","input":"\ud800"}}]""")]
    [InlineData("""[{"timestamp":1,"type":"PassStateEntered","id":1,"previousEventId":0,"stateEnteredEventDetails":{"name":"Café ☕ 𝄞","input":"\"日本\""}}]""")]
    [InlineData("""[{"timestamp":1,"type":"Pass\u0053tateEntered","id":1,"previousEventId":0,"stateEnteredEventDetails":{"n\u0061me":"x"}}]""")]
    // Whitespace of every allowed kind, anywhere; and a control character where only whitespace may stand.
    [InlineData("\t[ \r\n{ \"timestamp\" :\t1 , \"type\"\r\n: \"ExecutionStarted\" ,\"id\" : 1 ,\"previousEventId\":0 } \n] \r\n")]
    [InlineData("[{\"timestamp\":1,\u000b\"type\":\"ExecutionStarted\",\"id\":1}]")]
    // Numbers in odd forms: exponents, negative zero, fractions where integers go, big values, leading zeros.
    [InlineData("""[{"timestamp":1763596800001e-3,"type":"TaskScheduled","id":1,"previousEventId":0,"taskScheduledEventDetails":{"timeoutInSeconds":6e1,"heartbeatInSeconds":-0}}]""")]
    [InlineData("""[{"timestamp":-1.5,"type":"TaskScheduled","id":1,"previousEventId":0,"taskScheduledEventDetails":{"timeoutInSeconds":60.0,"heartbeatInSeconds":99999999999999999999}}]""")]
    [InlineData("""[{"timestamp":1,"type":"MapIterationStarted","id":1,"previousEventId":0,"mapIterationStartedEventDetails":{"name":"M","index":2147483648}}]""")]
    [InlineData("""[{"timestamp":01,"type":"ExecutionStarted","id":1}]""")]
    [InlineData("""[{"timestamp":1,"type":"ExecutionStarted","id":1e0}]""")]
    [InlineData("""[{"timestamp":1,"type":"ExecutionStarted","id":-1}]""")]
    [InlineData("""[{"timestamp":1.,"type":"ExecutionStarted","id":1}]""")]
    // Envelopes: members before and after the events, a bare array, an empty one, two event arrays.
    [InlineData("""{"ResponseMetadata":{"RequestId":"r","RetryAttempts":[0,{"a":null}],"ok":true},"events":[{"timestamp":1,"type":"ExecutionStarted","id":1}],"nextToken":null,"x":[[]]}""")]
    [InlineData("""{"events":[]}""")]
    [InlineData("""[]""")]
    [InlineData("""{"events":[{"timestamp":1,"type":"ExecutionStarted","id":1}],"events":[]}""")]
    [InlineData("""{"events":[{"timestamp":1,"type":"ExecutionStarted","id":1}]} x""")]
    [InlineData("""{"events":[{"timestamp":1,"type":"ExecutionStarted","id":1},]}""")]
    // Duplicates, nulls, empty objects, members without a column mid-page (the reader takes over the rest).
    [InlineData("""[{"timestamp":1,"type":"ExecutionStarted","type":"PassStateEntered","id":1,"id":2}]""")]
    [InlineData("""[{"timestamp":1,"type":"TaskStateEntered","id":1,"stateEnteredEventDetails":{"name":"A"},"stateEnteredEventDetails":{"name":"B","name":"C"}}]""")]
    [InlineData("""[{"timestamp":1,"type":"ExecutionStarted","id":1,"previousEventId":null,"executionStartedEventDetails":null},{}]""")]
    [InlineData("""[{"timestamp":1,"type":"ExecutionStarted","id":1,"executionStartedEventDetails":{"inputDetails":{},"taskCredentials":{}}},{"timestamp":2,"type":"PassStateEntered","id":2,"stateEnteredEventDetails":{"name":"P","future":1}},{"timestamp":3,"type":"PassStateExited","id":3,"previousEventId":2,"stateExitedEventDetails":{"name":"P"}}]""")]
    [InlineData("""[{"timestamp":1,"type":"TaskScheduled","id":1,"taskScheduledEventDetails":{"taskCredentials":{"roleArn":"r"},"inputDetails":{"truncated":false,"truncated":true}}},{"timestamp":2,"type":"PassStateEntered","id":2,"stateEnteredEventDetails":{"name":"P","assignedVariables":{"x":"1","y":{"z":[1,2]}},"assignedVariablesDetails":{"truncated":false}}}]""")]
    // Placeholders and decoded JSON text (LocalStack snapshots): errors in strict mode, warnings in lenient mode.
    [InlineData("""[{"timestamp":"timestamp","type":"TaskScheduled","id":1,"taskScheduledEventDetails":{"parameters":{"a":[1]},"cause":{"b":2}}}]""")]
    [InlineData("""[{"timestamp":null,"type":"ExecutionStarted","id":1},{"type":"PassStateEntered","id":2}]""")]
    public void Odd_but_possible_pages_give_the_same_rows_or_the_same_error_on_both_paths(string page)
    {
        var bytes = Encoding.UTF8.GetBytes(page);
        foreach (var options in s_optionSets)
        {
            Assert.Null(Difference([bytes], options, HistoryOrder.Ascending));
            Assert.Null(Difference([bytes], options, HistoryOrder.Descending));
            Assert.Null(Difference([bytes], options, HistoryOrder.Ascending, capacity: 2048));
        }
    }

    [Fact]
    public void Text_shared_between_rows_follows_what_the_reader_wrote_after_a_hand_over()
    {
        // The second event names its type twice (the reader keeps the last); the next page is scanned again and its
        // rows share type, state type and state name text with earlier rows of the batch.
        var first = """[{"timestamp":1,"type":"TaskStateEntered","id":1,"stateEnteredEventDetails":{"name":"T"}},{"timestamp":2,"type":"TaskScheduled","type":"TaskStarted","id":2,"previousEventId":1}]"""u8.ToArray();
        var second = """[{"timestamp":3,"type":"TaskScheduled","id":3,"previousEventId":1},{"timestamp":4,"type":"TaskStarted","id":4,"previousEventId":3},{"timestamp":5,"type":"TaskScheduled","id":5,"previousEventId":4},{"timestamp":6,"type":"TaskStateExited","id":6,"previousEventId":5,"stateExitedEventDetails":{"name":"T"}}]"""u8.ToArray();
        foreach (var capacity in new[] { 2, 3, 2048 })
        {
            Assert.Null(Difference([first, second], s_optionSets[0], HistoryOrder.Ascending, capacity));
        }
        var types = Flatten.History([first, second]).Rows("events").Select(e => $"{e.Text("type")}/{e.Text("state_type")}/{e.Text("state_name")}");
        Assert.Equal(["TaskStateEntered/Task/T", "TaskStarted/Task/T", "TaskScheduled/Task/T", "TaskStarted/Task/T", "TaskScheduled/Task/T", "TaskStateExited/Task/T"], types);
    }

    [Fact]
    public void A_page_cut_at_every_offset_fails_alike_on_both_paths_also_as_a_later_page()
    {
        var page = Encoding.UTF8.GetBytes(SmallPage);
        var first = Encoding.UTF8.GetBytes("""{"events":[{"timestamp":1763596800,"type":"ExecutionStarted","id":1,"previousEventId":0}]}""");
        for (var length = 0; length <= page.Length; length++)
        {
            var cut = page[..length];
            Assert.Null(Difference([cut], s_optionSets[1], HistoryOrder.Ascending));
            Assert.Null(Difference([first, cut], s_optionSets[2], HistoryOrder.Ascending));
        }
    }

    [Fact]
    public void Any_single_byte_changed_reads_or_fails_alike_on_both_paths()
    {
        var page = Encoding.UTF8.GetBytes(SmallPage);
        var replacements = "x}]\"\\, 0{[:-.e\t\u0001n"u8.ToArray();
        var failures = new List<string>();
        for (var offset = 0; offset < page.Length; offset++)
        {
            foreach (var replacement in replacements)
            {
                var changed = (byte[])page.Clone();
                changed[offset] = replacement;
                if (Difference([changed], s_optionSets[offset % s_optionSets.Length], HistoryOrder.Ascending) is { } difference)
                {
                    failures.Add($"byte {offset} = '{(char)replacement}': {difference}");
                }
            }
        }
        Assert.Empty(failures);
    }

    [Fact]
    public void A_byte_breaking_UTF8_anywhere_is_reported_at_the_first_bad_byte_and_rows_already_written_keep_their_ARN()
    {
        var page = Encoding.UTF8.GetBytes(SmallPage.Replace("Caf\\u00e9", "Café ☕ 𝄞", StringComparison.Ordinal));
        var checkedPages = 0;
        for (var offset = 0; offset < page.Length; offset++)
        {
            foreach (var bad in new byte[] { 0xFF, 0xC3, 0x80, 0xED })
            {
                var changed = (byte[])page.Clone();
                changed[offset] = bad;
                var firstBad = FirstInvalidUtf8(changed);
                if (firstBad < 0)
                {
                    continue;
                }
                var rows = new RowCollector();
                using var flattener = new ExecutionHistoryFlattener(ExecutionHistoryFlattener.CreateOutput(rows));
                flattener.BeginExecution(Flatten.Arn);
                var error = Assert.Throws<HistoryFormatException>(() => flattener.AddPage(changed));
                flattener.AbandonExecution();
                flattener.Flush();

                Assert.True(error.ByteOffset == firstBad && error.Problem.Contains("UTF-8", StringComparison.Ordinal), $"byte {offset} = {bad:X2}: {error.Message}");
                Assert.All(rows.Rows("events"), r => Assert.Equal(Flatten.Arn, r.Text("execution_arn")));
                checkedPages++;
            }
        }
        Assert.True(checkedPages > page.Length * 3);
    }

    private static int FirstInvalidUtf8(byte[] bytes)
    {
        for (var offset = 0; offset < bytes.Length;)
        {
            if (Rune.DecodeFromUtf8(bytes.AsSpan(offset), out _, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                return offset;
            }
            offset += consumed;
        }
        return -1;
    }

    [Fact]
    public void The_small_page_itself_is_read_by_the_scanner_with_its_escapes_decoded()
    {
        var rows = Flatten.History(Encoding.UTF8.GetBytes(SmallPage), new FlattenerOptions { IncludeExecutionData = true });

        var events = rows.Rows("events");
        Assert.Equal(5, events.Count);
        Assert.Equal("Café \"x\"", events[1].Text("state_name"));
        Assert.Equal("{\"k\":\"v\\n\"}", events[2].Text("input"));
        Assert.Equal(11L, events[2].Long("input_bytes"));
        Assert.Equal(1763596800002000L, events[1].Long("timestamp"));
        Assert.Equal(60L, events[2].Long("timeout_seconds"));
        Assert.Equal(true, events[4]["truncated"]);
        Assert.All(events, e => Assert.Null(e.Text("details_json")));
        Assert.Equal(2, rows.Rows("task_attempts").Count + 1);
    }

    [Theory]
    [InlineData("0", true)]
    [InlineData("-0", true)]
    [InlineData("1.5e-3", true)]
    [InlineData("1E+9", true)]
    [InlineData("123456789012345678901234567890", true)]
    [InlineData("01", false)]
    [InlineData("1.", false)]
    [InlineData(".5", false)]
    [InlineData("1e", false)]
    [InlineData("1e+", false)]
    [InlineData("-", false)]
    [InlineData("+1", false)]
    [InlineData("1x", false)]
    [InlineData("0x10", false)]
    public void The_scanner_accepts_a_number_exactly_when_JSON_does(string number, bool valid)
    {
        var bytes = Encoding.UTF8.GetBytes("[" + number + "]");
        var scanner = new JsonScanner(bytes);
        Assert.True(scanner.TryConsume((byte)'['));

        var accepted = scanner.TryReadNumber(out var read) && scanner.TryConsume((byte)']') && scanner.AtEnd();

        Assert.Equal(valid, accepted);
        if (valid)
        {
            Assert.Equal(number, Encoding.UTF8.GetString(read));
        }
    }

    [Theory]
    [InlineData("""{"a":[1,{"b":null,"c":[true,false,"\u0041\""]}],"d":{}}""", true)]
    [InlineData("""[[[[]]],{}]""", true)]
    [InlineData("""{"a":1,}""", false)]
    [InlineData("""[1 2]""", false)]
    [InlineData("""{"a" 1}""", false)]
    [InlineData("""{"a":tru}""", false)]
    [InlineData("""["\x"]""", false)]
    [InlineData("""["\u12G4"]""", false)]
    [InlineData("""{"a":[}""", false)]
    [InlineData("""{"a":1]""", false)]
    public void The_scanner_skips_a_value_exactly_when_it_is_valid_JSON(string json, bool valid)
    {
        var scanner = new JsonScanner(Encoding.UTF8.GetBytes(json));

        Assert.Equal(valid, scanner.TrySkipValue() && scanner.AtEnd());
    }

    /// <summary>Null when both paths agree; otherwise both outcomes.</summary>
    private static string? Difference(IReadOnlyList<byte[]> pages, FlattenerOptions options, HistoryOrder order, int capacity = 3)
    {
        var scanned = Outcome(pages, options, order, capacity);
        var read = Outcome(pages, options with { ValidateUtf8 = false }, order, capacity);
        return scanned == read ? null : $"scanner: {scanned}\nreader: {read}";
    }

    private static string Outcome(IReadOnlyList<byte[]> pages, FlattenerOptions options, HistoryOrder order, int capacity)
    {
        var rows = new RowCollector();
        using var flattener = new ExecutionHistoryFlattener(ExecutionHistoryFlattener.CreateOutput(rows, capacity), options);
        flattener.BeginExecution(Flatten.Arn, order);
        try
        {
            foreach (var page in pages)
            {
                flattener.AddPage(page);
            }
            flattener.EndExecution();
            flattener.Flush();
        }
        catch (Exception ex) when (ex is HistoryFormatException or InvalidOperationException)
        {
            return $"{ex.GetType().Name} page {(ex as HistoryFormatException)?.PageIndex} offset {(ex as HistoryFormatException)?.ByteOffset}: {ex.Message}";
        }
        var text = new StringBuilder();
        foreach (var table in ExecutionHistoryFlattener.Tables)
        {
            foreach (var row in rows.Rows(table.Name))
            {
                text.Append(table.Name).Append(": ").AppendLine(row.ToString());
            }
        }
        return text.Append(flattener.Warnings).ToString();
    }
}
