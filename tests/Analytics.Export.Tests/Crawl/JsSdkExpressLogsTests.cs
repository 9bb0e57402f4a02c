using System.Text.Json;
using Analytics.Emulator.Tests.Http.Support;
using Analytics.Export.Tests.Support;

namespace Analytics.Export.Tests.Crawl;

/// <summary>
/// The official AWS SDK for JavaScript v3 (tests/js-sdk/crawl.mjs, @aws-sdk/client-cloudwatch-logs pinned in its
/// package.json) reads each EXPRESS state machine's log group, named by DescribeStateMachine, to the end of
/// FilterLogEvents; the events it read are the events our export stored for those executions.
/// </summary>
public sealed class JsSdkExpressLogsTests(SmallWorldFixture fixture) : IClassFixture<SmallWorldFixture>
{
    [NodeFact]
    public async Task Official_JS_SDK_reads_the_express_log_groups_without_errors_and_its_events_equal_the_exported_events()
    {
        await NodeJs.EnsureSdkInstalledAsync();
        var folder = fixture.NewDir("js-sdk");
        Directory.CreateDirectory(folder);
        var lines = Path.Combine(folder, "express-events.ndjson");

        var crawl = await NodeJs.CrawlAsync(fixture.Server.Url, "--express-events", lines);
        var machines = (crawl["expressLogGroupsByStateMachine"]?.AsObject() ?? []).Select(p => p.Key).ToList();
        Assert.Contains(machines, arn => arn.EndsWith(":stateMachine:fraud-score", StringComparison.Ordinal));

        // What the SDK read, by execution: "arn|id|type|epoch ms" as the log lines say.
        var read = new Dictionary<string, List<(long Id, string Type, string Row)>>(StringComparer.Ordinal);
        foreach (var text in File.ReadLines(lines))
        {
            var line = JsonDocument.Parse(text).RootElement;
            var arn = line.GetProperty("execution_arn").GetString()!;
            var id = long.Parse(line.GetProperty("id").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
            var type = line.GetProperty("type").GetString()!;
            Assert.Equal("0", line.GetProperty("redrive_count").GetString());
            if (!read.TryGetValue(arn, out var events))
            {
                read[arn] = events = [];
            }
            events.Add((id, type, $"{arn}|{id}|{type}|{line.GetProperty("event_timestamp").GetString()}"));
        }

        using var data = new Dataset(fixture.ReferenceDir);
        var machineList = string.Join(", ", machines.Select(Analytics.DuckDb.DuckDbSql.Literal));
        var exportedExecutions = data.Strings($"SELECT execution_arn FROM {data.Table("executions")} WHERE state_machine_arn IN ({machineList}) ORDER BY 1");
        Assert.True(exportedExecutions.Count > 100, $"{exportedExecutions.Count} EXPRESS executions exported");
        var exported = data.Strings($"""
            SELECT execution_arn || '|' || event_id || '|' || type || '|' || epoch_ms(timestamp)
            FROM {data.Table("events")}
            WHERE execution_arn IN (SELECT execution_arn FROM {data.Table("executions")} WHERE state_machine_arn IN ({machineList}))
            ORDER BY 1
            """);
        var expected = exportedExecutions.Where(read.ContainsKey).SelectMany(arn => read[arn].Select(e => e.Row)).Order(StringComparer.Ordinal).ToList();
        Assert.All(exportedExecutions, arn => Assert.True(read.ContainsKey(arn), $"{arn} was exported, the SDK read no line of it"));
        Assert.True(expected.Count == exported.Count, $"the SDK read {expected.Count} events of the exported executions, the export stored {exported.Count}");
        Assert.Equal(expected, exported);

        // Executions the SDK read that the export left for a later run: only incomplete ones (no terminal event, or a gap).
        var left = read.Keys.Except(exportedExecutions, StringComparer.Ordinal).ToList();
        Assert.All(left, arn => Assert.False(Complete(read[arn]), $"{arn}: complete in the SDK's read, not exported"));
    }

    private static bool Complete(List<(long Id, string Type, string Row)> events) =>
        events.Any(e => e.Type is "ExecutionSucceeded" or "ExecutionFailed" or "ExecutionAborted" or "ExecutionTimedOut")
        && events.Select(e => e.Id).Distinct().Count() == events.Count && events.Max(e => e.Id) == events.Count && events.Min(e => e.Id) == 1;
}
