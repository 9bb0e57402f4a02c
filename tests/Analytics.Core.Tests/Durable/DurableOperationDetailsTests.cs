using System.Globalization;
using System.Text.Json;
using Analytics.Core.Durable;
using Analytics.Core.Flattening;
using Analytics.Core.Tests.Support;

namespace Analytics.Core.Tests.Durable;

/// <summary>
/// <c>durable_operations.details_json</c>: every member of the Operation shape (GetDurableExecutionState, newest
/// model) ends in a column or there; payload members only with execution data. Operations derived from a history
/// carry the same members where the events have them.
/// </summary>
public class DurableOperationDetailsTests
{
    // One operation of each type with every member the SDK model's Operation and its *Details have.
    private const string FullPage = """
        {"Operations":[
         {"Id":"e-1","Type":"EXECUTION","StartTimestamp":1763712000.0,"Status":"STARTED","ExecutionDetails":{"InputPayload":"{\"orderId\":\"o-1\"}"}},
         {"Id":"s-1","ParentId":"c-1","Name":"fetch","Type":"STEP","SubType":"Step","StartTimestamp":1763712000.01,"EndTimestamp":1763712000.5,"Status":"FAILED",
          "StepDetails":{"Attempt":3,"NextAttemptTimestamp":1763712030.02,"Result":"\"partial\"",
           "Error":{"ErrorMessage":"upstream timeout","ErrorType":"TimeoutError","ErrorData":"{\"code\":504}","StackTrace":["at fetch (index.js:3)","at run (index.js:9)"]}}},
         {"Id":"c-1","Type":"CONTEXT","SubType":"RunInChildContext","Name":"child","StartTimestamp":1763712000.03,"EndTimestamp":1763712000.9,"Status":"FAILED",
          "ContextDetails":{"ReplayChildren":true,"Result":"{}","Error":{"ErrorType":"ChildError","ErrorMessage":"child failed","ErrorData":"ctx-data","StackTrace":["at child"]}}},
         {"Id":"w-1","Type":"WAIT","SubType":"Wait","StartTimestamp":1763712000.6,"Status":"STARTED","WaitDetails":{"ScheduledEndTimestamp":1763712060.6}},
         {"Id":"cb-1","Type":"CALLBACK","SubType":"Callback","StartTimestamp":1763712001.0,"EndTimestamp":1763712002.0,"Status":"FAILED",
          "CallbackDetails":{"CallbackId":"Y2ItdG9rZW4tMQ==","Result":"\"late\"","Error":{"ErrorType":"CallbackError","ErrorMessage":"denied","ErrorData":"cb-data","StackTrace":["at approve"]}}},
         {"Id":"ci-1","Type":"CHAINED_INVOKE","SubType":"ChainedInvoke","Name":"charge","StartTimestamp":1763712003.0,"EndTimestamp":1763712004.0,"Status":"SUCCEEDED",
          "ChainedInvokeDetails":{"Result":"{\"charged\":true}","Error":{"ErrorType":"Never","ErrorMessage":"kept anyway","ErrorData":"ci-data","StackTrace":["at charge"]}}}
        ],"NextMarker":"m-2"}
        """;

    [Fact]
    public void Every_member_of_a_full_Operation_shape_ends_in_a_column_or_in_details_json()
    {
        var rows = FlattenState(FullPage, new FlattenerOptions { IncludeExecutionData = true });

        Assert.Empty(Missing(rows, includePayloads: true));
    }

    [Fact]
    public void Without_execution_data_only_the_payload_members_are_left_out()
    {
        var rows = FlattenState(FullPage, FlattenerOptions.Default);

        Assert.Equal(
            ["e-1 ExecutionDetails.InputPayload", "s-1 StepDetails.Result", "c-1 ContextDetails.Result", "cb-1 CallbackDetails.Result", "ci-1 ChainedInvokeDetails.Result"],
            Missing(rows, includePayloads: true));
        Assert.Empty(Missing(rows, includePayloads: false));
    }

    [Fact]
    public void Operations_derived_from_a_history_carry_the_Operation_members_the_events_have()
    {
        var page = """
            {"Events":[
             {"EventType":"ExecutionStarted","EventId":1,"Id":"e","EventTimestamp":1763712000,"ExecutionStartedDetails":{"Input":{"Payload":"{\"k\":1}"},"ExecutionTimeout":60}},
             {"EventType":"StepStarted","EventId":2,"Id":"s","Name":"fetch","EventTimestamp":1763712000.1,"StepStartedDetails":{}},
             {"EventType":"StepFailed","EventId":3,"Id":"s","Name":"fetch","EventTimestamp":1763712000.25,"StepFailedDetails":{"Error":{"Payload":{"ErrorType":"T","ErrorMessage":"m","ErrorData":"d\"1","StackTrace":["at a"]}},"RetryDetails":{"CurrentAttempt":1,"NextAttemptDelaySeconds":30}}},
             {"EventType":"WaitStarted","EventId":4,"Id":"w","EventTimestamp":1763712001,"WaitStartedDetails":{"Duration":5,"ScheduledEndTimestamp":1763712006}},
             {"EventType":"CallbackStarted","EventId":5,"Id":"cb","EventTimestamp":1763712002,"CallbackStartedDetails":{"CallbackId":"tok-1","Timeout":30}},
             {"EventType":"CallbackSucceeded","EventId":6,"Id":"cb","EventTimestamp":1763712003,"CallbackSucceededDetails":{"Result":{"Payload":"\"ok\""}}},
             {"EventType":"ContextStarted","EventId":7,"Id":"c","EventTimestamp":1763712004,"ContextStartedDetails":{}},
             {"EventType":"ContextFailed","EventId":8,"Id":"c","EventTimestamp":1763712005,"ContextFailedDetails":{"Error":{"Payload":{"ErrorType":"X","StackTrace":["at c"]}}}}
            ]}
            """u8.ToArray();

        var withData = FlattenDurable.History(page, options: new FlattenerOptions { IncludeExecutionData = true }).Rows("durable_operations").ToDictionary(o => o.Text("operation_id")!, o => o.Text("details_json"));
        Assert.Equal("""{"ExecutionDetails":{"InputPayload":"{\"k\":1}"}}""", withData["e"]);
        Assert.Equal("""{"StepDetails":{"NextAttemptTimestamp":1763712030.250,"Error.ErrorData":"d\"1","Error.StackTrace":["at a"]}}""", withData["s"]);
        Assert.Equal("""{"WaitDetails":{"ScheduledEndTimestamp":1763712006.000}}""", withData["w"]);
        Assert.Equal("""{"CallbackDetails":{"CallbackId":"tok-1","Result":"\"ok\""}}""", withData["cb"]);
        Assert.Equal("""{"ContextDetails":{"Error.StackTrace":["at c"]}}""", withData["c"]);

        var without = FlattenDurable.History(page).Rows("durable_operations").ToDictionary(o => o.Text("operation_id")!, o => o.Text("details_json"));
        Assert.Null(without["e"]);
        Assert.Equal("""{"CallbackDetails":{"CallbackId":"tok-1"}}""", without["cb"]);
    }

    private static RowCollector FlattenState(string page, FlattenerOptions options)
    {
        var rows = new RowCollector();
        using var flattener = new DurableStateFlattener(DurableStateFlattener.CreateOutput(rows), options);
        flattener.BeginExecution(FlattenDurable.Arn);
        flattener.AddPage(System.Text.Encoding.UTF8.GetBytes(page));
        flattener.EndExecution();
        flattener.Flush();
        return rows;
    }

    /// <summary>The leaves of each input operation found in neither a column of its row nor its details_json
    /// (payload members skipped unless <paramref name="includePayloads"/>).</summary>
    private static List<string> Missing(RowCollector rows, bool includePayloads)
    {
        using var input = JsonDocument.Parse(FullPage);
        var operations = rows.Rows("durable_operations");
        var missing = new List<string>();
        var index = 0;
        foreach (var operation in input.RootElement.GetProperty("Operations").EnumerateArray())
        {
            var row = operations[index++];
            var details = new Dictionary<string, string>(StringComparer.Ordinal);
            if (row.Text("details_json") is { } json)
            {
                using var kept = JsonDocument.Parse(json);
                Leaves(kept.RootElement, "", details);
            }
            var leaves = new Dictionary<string, string>(StringComparer.Ordinal);
            Leaves(operation, "", leaves);
            foreach (var (path, raw) in leaves)
            {
                var isPayload = path.EndsWith(".Result", StringComparison.Ordinal) || path.EndsWith(".InputPayload", StringComparison.Ordinal);
                if ((isPayload && !includePayloads) || details.GetValueOrDefault(path) == raw || InAColumn(row, raw))
                {
                    continue;
                }
                missing.Add($"{operation.GetProperty("Id").GetString()} {path}");
            }
        }
        return missing;
    }

    private static void Leaves(JsonElement element, string path, Dictionary<string, string> into)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var member in element.EnumerateObject())
            {
                Leaves(member.Value, path.Length == 0 ? member.Name : path + "." + member.Name, into);
            }
            return;
        }
        into[path] = element.GetRawText();
    }

    /// <summary>A string equal to a text column, a number equal to an integer column or to a timestamp column (epoch seconds).</summary>
    private static bool InAColumn(Row row, string raw)
    {
        using var value = JsonDocument.Parse(raw);
        var v = value.RootElement;
        return row.Values.Any(c => (v.ValueKind, c) switch
        {
            (JsonValueKind.String, string s) => s == v.GetString(),
            (JsonValueKind.Number, int i) => v.TryGetInt64(out var n) && n == i,
            (JsonValueKind.Number, long l) => (v.TryGetInt64(out var n) && n == l) || (long)Math.Round(decimal.Parse(v.GetRawText(), CultureInfo.InvariantCulture) * 1_000_000m) == l,
            _ => false,
        });
    }
}
