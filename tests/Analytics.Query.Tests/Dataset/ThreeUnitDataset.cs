using System.Globalization;
using System.Text;
using Analytics.DuckDb;
using Analytics.Datasets;

namespace Analytics.Query.Tests.Dataset;

/// <summary>
/// One dataset holding the same-named state machine (<c>order-fulfillment</c>), durable function (<c>refund</c>),
/// Map Run child and open execution in three (account, region) units: two regions of one account and a second account.
/// Histories go through the real import (flatteners and dataset writer); the snapshot tables the import does not write
/// (state_machines, functions, map_runs, open_executions, export_runs, export_units) are added as Parquet files of the same layout.
/// Each unit runs a different number of executions, so a query that merged units would show it in its counts.
/// </summary>
public sealed class ThreeUnitDataset : IDisposable
{
    public sealed record Unit(string Account, string Region, int Succeeded, int Failed);

    /// <summary>Every unit fails its Charge task 3 times (no Retry rule: retry_advice's findings), the rest succeed.</summary>
    public static IReadOnlyList<Unit> Units { get; } =
    [
        new("111111111111", "us-east-1", 2, 3),
        new("111111111111", "eu-west-1", 1, 3),
        new("222222222222", "eu-west-1", 4, 3),
    ];

    /// <summary>Tuesday of ISO week 2026-W47; the report's week.</summary>
    public static readonly DateTimeOffset Start = new(2026, 11, 17, 10, 0, 0, TimeSpan.Zero);

    private const string RunId = "run-snapshot";
    private readonly TempFolder _folder = new();

    public ThreeUnitDataset()
    {
        var input = Directory.CreateDirectory(_folder.Combine("in")).FullName;
        var files = new List<string>();
        foreach (var unit in Units)
        {
            for (var i = 0; i < unit.Succeeded + unit.Failed; i++)
            {
                files.Add(Write(input, $"{unit.Account}-{unit.Region}-sfn-{i}.json", StepFunctionsPage(unit, i, failed: i >= unit.Succeeded)));
            }
            files.Add(Write(input, $"{unit.Account}-{unit.Region}-durable.json", DurablePage(unit)));
        }
        var report = HistoryImporter.Import(files, Root, "import-units");
        if (report.Rejected.Count > 0)
        {
            throw new InvalidOperationException("import rejected: " + string.Join("; ", report.Rejected.Select(r => r.ToString())));
        }
        WriteSnapshots();
    }

    public string Root => _folder.Combine("data");

    public void Dispose() => _folder.Dispose();

    private static string Write(string folder, string name, string text)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, text, new UTF8Encoding(false));
        return path;
    }

    private static string Seconds(DateTimeOffset at) => (at.ToUnixTimeMilliseconds() / 1000.0).ToString("0.000", CultureInfo.InvariantCulture);

    private static string StepFunctionsPage(Unit unit, int index, bool failed)
    {
        var t = Start.AddMinutes(index);
        var arn = $"arn:aws:states:{unit.Region}:{unit.Account}:execution:order-fulfillment:run-{index}";
        var end = failed
            ? $$$"""
              {"timestamp":{{{Seconds(t.AddSeconds(3))}}},"type":"TaskFailed","id":5,"previousEventId":4,"taskFailedEventDetails":{"resourceType":"lambda","resource":"invoke","error":"PaymentDeclined","cause":"x"}},
              {"timestamp":{{{Seconds(t.AddSeconds(4))}}},"type":"ExecutionFailed","id":6,"previousEventId":5,"executionFailedEventDetails":{"error":"PaymentDeclined","cause":"x"}}
              """
            : $$$"""
              {"timestamp":{{{Seconds(t.AddSeconds(3))}}},"type":"TaskSucceeded","id":5,"previousEventId":4,"taskSucceededEventDetails":{"resourceType":"lambda","resource":"invoke","output":"{}"}},
              {"timestamp":{{{Seconds(t.AddSeconds(3))}}},"type":"TaskStateExited","id":6,"previousEventId":5,"stateExitedEventDetails":{"name":"Charge"}},
              {"timestamp":{{{Seconds(t.AddSeconds(4))}}},"type":"ExecutionSucceeded","id":7,"previousEventId":6,"executionSucceededEventDetails":{}}
              """;
        return $$$"""
            {"executionArn":"{{{arn}}}","events":[
              {"timestamp":{{{Seconds(t)}}},"type":"ExecutionStarted","id":1,"executionStartedEventDetails":{"roleArn":"arn:aws:iam::{{{unit.Account}}}:role/r"}},
              {"timestamp":{{{Seconds(t.AddSeconds(1))}}},"type":"TaskStateEntered","id":2,"previousEventId":1,"stateEnteredEventDetails":{"name":"Charge"}},
              {"timestamp":{{{Seconds(t.AddSeconds(1))}}},"type":"TaskScheduled","id":3,"previousEventId":2,"taskScheduledEventDetails":{"resourceType":"lambda","resource":"invoke","region":"{{{unit.Region}}}","parameters":"{}"}},
              {"timestamp":{{{Seconds(t.AddSeconds(2))}}},"type":"TaskStarted","id":4,"previousEventId":3,"taskStartedEventDetails":{"resourceType":"lambda","resource":"invoke"}},
              {{{end}}}
            ]}
            """;
    }

    /// <summary>A durable execution whose one step fails once, then succeeds.</summary>
    private static string DurablePage(Unit unit)
    {
        var t = Start.AddHours(1);
        var arn = $"arn:aws:lambda:{unit.Region}:{unit.Account}:function:refund:$LATEST/durable-execution/refund-1/0a1b";
        return $$$"""
            {"DurableExecutionArn":"{{{arn}}}","Events":[
              {"EventType":"ExecutionStarted","EventId":1,"EventTimestamp":{{{Seconds(t)}}},"Id":"0a1b","ExecutionStartedDetails":{"ExecutionTimeout":3600}},
              {"EventType":"StepStarted","EventId":2,"EventTimestamp":{{{Seconds(t.AddSeconds(1))}}},"SubType":"Step","Id":"s1","Name":"issue","StepStartedDetails":{}},
              {"EventType":"StepFailed","EventId":3,"EventTimestamp":{{{Seconds(t.AddSeconds(2))}}},"SubType":"Step","Id":"s1","Name":"issue","StepFailedDetails":{"Error":{"Payload":{"ErrorType":"Timeout","ErrorMessage":"slow"}},"RetryDetails":{"CurrentAttempt":1,"NextAttemptDelaySeconds":1} } },
              {"EventType":"StepStarted","EventId":4,"EventTimestamp":{{{Seconds(t.AddSeconds(3))}}},"SubType":"Step","Id":"s1","Name":"issue","StepStartedDetails":{}},
              {"EventType":"StepSucceeded","EventId":5,"EventTimestamp":{{{Seconds(t.AddSeconds(4))}}},"SubType":"Step","Id":"s1","Name":"issue","StepSucceededDetails":{}},
              {"EventType":"ExecutionSucceeded","EventId":6,"EventTimestamp":{{{Seconds(t.AddSeconds(5))}}},"Id":"0a1b","ExecutionSucceededDetails":{}}
            ]}
            """;
    }

    /// <summary>The snapshot and listing tables, one row set per unit, written as the export lays them out.</summary>
    private void WriteSnapshots()
    {
        const string definition = """{"StartAt":"Charge","States":{"Charge":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{"FunctionName":"refund","InvocationType":"Event"},"End":true}}}""";
        var date = DateOnly.FromDateTime(Start.UtcDateTime.AddDays(2)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var values = (Func<Unit, string> row) => string.Join(", ", Units.Select(row));
        using var database = DuckDbDatabase.Open(null, new DuckDbConfig { Threads = 1 });
        using var connection = database.Connect();
        connection.Execute("SET TimeZone = 'UTC'");
        Copy(connection, "state_machines", date, values(u =>
            $"('arn:aws:states:{u.Region}:{u.Account}:stateMachine:order-fulfillment', 'order-fulfillment', 'STANDARD', {DuckDbSql.Literal(definition)}, '{u.Account}', '{u.Region}')"),
            "state_machine_arn, name, type, definition, account_id, region");
        Copy(connection, "functions", date, values(u =>
            $"('arn:aws:lambda:{u.Region}:{u.Account}:function:refund:$LATEST', 'refund', '$LATEST', true, 1, '{u.Account}', '{u.Region}')"),
            "function_arn, function_name, qualifier, durable, maximum_retry_attempts, account_id, region");
        var started = $"TIMESTAMPTZ '{Start.AddMinutes(30):yyyy-MM-dd HH:mm:ss}+00'";
        Copy(connection, "map_runs", Start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), values(u =>
            $"('arn:aws:states:{u.Region}:{u.Account}:mapRun:order-fulfillment/Items:m1', 'SUCCEEDED', {started}, {started} + INTERVAL 5 SECOND, {u.Succeeded}::BIGINT, {u.Succeeded}::BIGINT, 0::BIGINT, {started}, '{u.Account}', '{u.Region}')"),
            "map_run_arn, status, start_time, stop_time, items_total, items_succeeded, redrive_count, execution_start_time, account_id, region");
        Copy(connection, "open_executions", date, values(u =>
            $"('arn:aws:states:{u.Region}:{u.Account}:execution:order-fulfillment:open-1', 'stepfunctions', 'order-fulfillment', 'RUNNING', {started}, '{u.Account}', '{u.Region}')"),
            "execution_arn, source_kind, source_name, status, start_time, account_id, region");
        Copy(connection, "export_runs", date,
            $"('{RunId}', {started} + INTERVAL 2 DAY, 'completed', {Units.Count}::BIGINT)", "run_id, started_at, status, open_executions");
        Copy(connection, "export_units", date, values(u =>
            $"('{RunId}', 'completed', {Exported(u).Executions}::BIGINT, {Exported(u).Events}::BIGINT, 1::BIGINT, 1::BIGINT, '{u.Account}', '{u.Region}')"),
            "run_id, status, executions, events, map_runs, durable_executions, account_id, region");
    }

    /// <summary>The unit's export_units figures: its executions (and its durable one), ten events each.</summary>
    public static (int Executions, int Events) Exported(Unit unit) => (unit.Succeeded + unit.Failed + 1, 10 * (unit.Succeeded + unit.Failed + 1));

    private void Copy(DuckDbConnection connection, string table, string date, string rows, string columns)
    {
        var folder = Directory.CreateDirectory(Path.Combine(Root, table, $"date={date}")).FullName;
        connection.Execute($"COPY (SELECT *, '{RunId}' AS export_run_id FROM (VALUES {rows}) AS t({columns})) "
            + $"TO {DuckDbSql.Literal(Path.Combine(folder, RunId + ".parquet"))} (FORMAT parquet)");
    }
}
