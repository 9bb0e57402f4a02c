using System.Text;
using System.Text.Json;
using Analytics.Aws.Logs;
using Analytics.Aws.Logs.Model;
using Analytics.Aws.Retry;
using Analytics.Aws.StepFunctions.Model;
using Analytics.Emulator.Http;
using Analytics.Emulator.Simulation.Logs;
using Analytics.Emulator.World;

namespace Analytics.Aws.Tests.Emulator;

/// <summary>The CloudWatch Logs client against the emulator's log groups over real loopback HTTP.</summary>
public sealed class LogsClientTests
{
    private const string Group = "/aws/vendedlogs/states/scorer-Logs";
    private static readonly DateTimeOffset s_now = DateTimeOffset.Parse("2027-06-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>An EXPRESS machine whose traffic all starts between 12:00 and 13:00 UTC: most hours hold no event.</summary>
    private static SimulatedWorld World() => WorldLoader.LoadJson("""
        {
          "region": "us-east-1", "accountId": "123456789012", "now": "2026-11-22T22:00:00Z", "days": 2,
          "stateMachines": [ { "name": "scorer", "type": "EXPRESS",
            "definition": { "StartAt": "Score", "States": { "Score": { "Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:score", "End": true } } },
            "traffic": { "perDay": 400, "hourlyProfile": [0,0,0,0,0,0,0,0,0,0,0,0,1,0,0,0,0,0,0,0,0,0,0,0] },
            "outcomes": { "Score": { "failures": { "Lambda.ServiceException": 0.05 } } },
            "logging": { "level": "ALL", "includeExecutionData": true } } ]
        }
        """, "logs-client-world", 11, s_now);

    private static List<LogEventRecord> Expected(SimulatedWorld world, long start = 0, long end = long.MaxValue)
    {
        var group = world.Logs.Find(Group)!;
        var events = new List<LogEventRecord>();
        for (var hour = group.FirstHourMs; hour <= s_now.ToUnixTimeMilliseconds(); hour += Analytics.Emulator.Simulation.Logs.LogGroup.HourMs)
        {
            events.AddRange(group.EventsInHour(hour).Where(e => e.Timestamp >= start && e.Timestamp <= end));
        }
        return events;
    }

    [Fact]
    public async Task FilterLogEvents_pages_through_empty_pages_to_every_event_of_the_group()
    {
        var world = World();
        await using var session = await EmulatorSession.StartAsync(world);
        var (pages, empty, ids, timestamps) = (0, 0, new List<string>(), new List<long>());

        await foreach (var page in session.Clients.Logs.Paginators.FilterLogEvents(new FilterLogEventsRequest(LogGroupName: Group, Limit: 1000)))
        {
            using (page)
            {
                pages++;
                var before = ids.Count;
                foreach (var e in page)
                {
                    ids.Add(Encoding.UTF8.GetString(e.EventId));
                    timestamps.Add(e.Timestamp);
                    using var line = JsonDocument.Parse(e.Message.ToArray());
                    Assert.Equal(e.Timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture), line.RootElement.GetProperty("event_timestamp").GetString());
                    Assert.StartsWith("states/scorer/", Encoding.UTF8.GetString(e.LogStreamName), StringComparison.Ordinal);
                }
                empty += ids.Count == before ? 1 : 0;
            }
        }

        Assert.Equal(Expected(world).Select(e => e.EventId), ids);
        Assert.True(timestamps.Zip(timestamps.Skip(1)).All(p => p.First <= p.Second), "pages are in timestamp order");
        Assert.True(empty > 0, $"{pages} pages, none empty: the test world should leave whole pages of hours without events");
    }

    [Fact]
    public async Task FilterLogEvents_keeps_both_ends_of_the_time_window_and_filters_by_stream_and_pattern()
    {
        var world = World();
        await using var session = await EmulatorSession.StartAsync(world);
        var all = Expected(world);
        var (start, end) = (all[all.Count / 4].Timestamp, all[all.Count / 2].Timestamp);
        var stream = all[all.Count / 3].LogStreamName;
        var arn = all[all.Count / 3].ExecutionArn;

        var window = await CollectAsync(session.Clients.Logs, new FilterLogEventsRequest(LogGroupName: Group, StartTime: start, EndTime: end, Limit: 7));
        var inStream = await CollectAsync(session.Clients.Logs, new FilterLogEventsRequest(LogGroupIdentifier: $"arn:aws:logs:us-east-1:123456789012:log-group:{Group}:*", LogStreamNames: [stream]));
        var ofExecution = await CollectAsync(session.Clients.Logs, new FilterLogEventsRequest(LogGroupName: Group, FilterPattern: $"{{ $.execution_arn = \"{arn}\" }}"));

        Assert.Equal(Expected(world, start, end).Select(e => e.EventId), window.Select(e => e.Id));
        Assert.Contains(window, e => e.Timestamp == start);
        Assert.Contains(window, e => e.Timestamp == end);
        Assert.Equal(all.Where(e => e.LogStreamName == stream).Select(e => e.EventId), inStream.Select(e => e.Id));
        Assert.Equal(all.Where(e => e.ExecutionArn == arn).Select(e => e.EventId), ofExecution.Select(e => e.Id));
    }

    [Fact]
    public async Task Throttled_FilterLogEvents_calls_are_retried_and_a_paced_client_is_never_throttled()
    {
        var world = World();
        var start = Expected(world)[0].Timestamp;
        foreach (var mode in new[] { RateLimitMode.None, RateLimitMode.AwsQuotas })
        {
            var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
            await using var session = await EmulatorSession.StartAsync(world, new EmulatorOptions { Quotas = QuotaMode.Aws, Clock = clock },
                new RetryOptions { MaxAttempts = 10 }, rateLimits: mode, clientTime: clock);
            for (var i = 0; i < 60; i++)
            {
                using var page = await session.Clients.Logs.FilterLogEventsAsync(new FilterLogEventsRequest(LogGroupName: Group, StartTime: start, EndTime: start, Limit: 1));
            }

            var count = session.Counters.Snapshot()["FilterLogEvents"];
            Assert.Equal(0, count.Failures);
            if (mode == RateLimitMode.None)
            {
                // us-east-1's 25/s bucket runs dry: HTTP 400 ThrottlingException, retried as throttling.
                Assert.True(count.Throttled > 0, "an unpaced burst of 60 meets the 25/s quota");
                Assert.True(session.Counters.RetriesByErrorCode()["ThrottlingException"] > 0);
            }
            else
            {
                Assert.Equal(0, count.Throttled);
            }
        }
    }

    [Fact]
    public async Task Errors_are_mapped_to_their_codes_and_a_bad_token_to_an_expired_token()
    {
        await using var session = await EmulatorSession.StartAsync(World(), retry: new RetryOptions { MaxAttempts = 3 });
        var logs = session.Clients.Logs;

        var missing = await Assert.ThrowsAsync<AwsServiceException>(() => logs.FilterLogEventsAsync(new FilterLogEventsRequest(LogGroupName: "/no/such/group")));
        var both = await Assert.ThrowsAsync<AwsServiceException>(() => logs.FilterLogEventsAsync(new FilterLogEventsRequest(LogGroupName: Group, LogStreamNames: ["a"], LogStreamNamePrefix: "states/")));
        var pattern = await Assert.ThrowsAsync<AwsServiceException>(() => logs.FilterLogEventsAsync(new FilterLogEventsRequest(LogGroupName: Group, FilterPattern: "{ $.details.error = ")));
        var token = await Assert.ThrowsAsync<PaginationTokenExpiredException>(() => logs.FilterLogEventsAsync(new FilterLogEventsRequest(LogGroupName: Group, NextToken: "bm90LWEtdG9rZW4=")));
        var query = await Assert.ThrowsAsync<AwsServiceException>(() => logs.StartQueryAsync(new StartQueryRequest("stats count(*) by type", 0, 1, LogGroupName: Group)));

        Assert.Equal(("ResourceNotFoundException", 400, 1), (missing.ErrorCode, missing.HttpStatus, missing.Attempts));
        Assert.Equal(("InvalidParameterException", 400), (both.ErrorCode, both.HttpStatus));
        Assert.Equal("InvalidParameterException", pattern.ErrorCode);
        Assert.Equal("InvalidParameterException", token.ErrorCode);
        Assert.Equal(("MalformedQueryException", 400), (query.ErrorCode, query.HttpStatus));
    }

    [Fact]
    public async Task DescribeStateMachine_names_the_group_DescribeLogGroups_lists()
    {
        var world = World();
        await using var session = await EmulatorSession.StartAsync(world);

        var machine = await session.Clients.StepFunctions.DescribeStateMachineAsync(new DescribeStateMachineRequest(world.StateMachines[0].StateMachineArn));
        var groups = await session.Clients.Logs.Paginators.LogGroups(new DescribeLogGroupsRequest(LogGroupNamePrefix: "/aws/vendedlogs/states/")).ToListAsync();

        var logging = machine.LoggingConfiguration!;
        Assert.Equal(("ALL", true), (logging.Level, logging.IncludeExecutionData));
        var destination = logging.Destinations!.Single().CloudWatchLogsLogGroup!.LogGroupArn!;
        Assert.EndsWith(":*", destination, StringComparison.Ordinal);
        var group = Assert.Single(groups);
        Assert.Equal((Group, destination, destination[..^2]), (group.LogGroupName, group.Arn, group.LogGroupArn));
    }

    [Fact]
    public async Task Insights_query_is_polled_to_completion_and_returns_one_executions_events()
    {
        var world = World();
        await using var session = await EmulatorSession.StartAsync(world);
        var all = Expected(world);
        var arn = all[all.Count / 2].ExecutionArn;
        var (from, to) = (all[0].Timestamp / 1000, all[^1].Timestamp / 1000);

        var results = await session.Clients.Logs.Paginators.RunQueryAsync(
            new StartQueryRequest($"fields @timestamp, @message, id | filter execution_arn = \"{arn}\" | sort @timestamp asc", from, to, LogGroupIdentifiers: [world.Logs.Find(Group)!.LogGroupArn]),
            TimeSpan.FromMilliseconds(10));

        Assert.Equal("Complete", results.Status);
        Assert.Equal(all.Where(e => e.ExecutionArn == arn).Select(e => e.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            results.Results.Select(row => row.Single(f => f.Field == "id").Value));
        Assert.Equal(all.Count, results.Statistics!.RecordsScanned);
        Assert.True(results.Statistics.BytesScanned > 0, "bytesScanned is what Insights bills");
        Assert.Equal(2, session.Counters.Snapshot()["GetQueryResults"].Calls);
    }

    [Fact]
    public async Task An_abandoned_query_is_stopped_so_it_stops_scanning()
    {
        await using var session = await EmulatorSession.StartAsync(World());
        using var cancel = new CancellationTokenSource();
        var run = session.Clients.Logs.Paginators.RunQueryAsync(new StartQueryRequest("fields @message", 0, 1, LogGroupName: Group), TimeSpan.FromMinutes(5), cancellationToken: cancel.Token);
        while (!session.Counters.Snapshot().ContainsKey("GetQueryResults"))
        {
            await Task.Delay(10);
        }

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);

        var stop = session.Counters.Snapshot()["StopQuery"];
        Assert.Equal((1, 0), (stop.Calls, stop.Failures));
    }

    [Fact]
    public async Task StopQuery_cancels_a_running_query_and_LimitExceeded_is_retried_as_throttling()
    {
        await using var session = await EmulatorSession.StartAsync(World(), retry: new RetryOptions { MaxAttempts = 2 });
        var logs = session.Clients.Logs;
        var request = new StartQueryRequest("fields @message", 0, 1, LogGroupName: Group);
        var first = await logs.StartQueryAsync(request);

        Assert.True((await logs.StopQueryAsync(new StopQueryRequest(first.QueryId))).Success);
        Assert.Equal("Cancelled", (await logs.GetQueryResultsAsync(new GetQueryResultsRequest(first.QueryId))).Status);
        var again = await Assert.ThrowsAsync<AwsServiceException>(() => logs.StopQueryAsync(new StopQueryRequest(first.QueryId)));
        Assert.Equal("InvalidParameterException", again.ErrorCode);

        for (var i = 0; i < 100; i++)
        {
            await logs.StartQueryAsync(request);
        }
        var limit = await Assert.ThrowsAsync<AwsServiceException>(() => logs.StartQueryAsync(request));
        Assert.Equal(("LimitExceededException", 2), (limit.ErrorCode, limit.Attempts));
        Assert.True(session.Counters.Snapshot()["StartQuery"].Throttled >= 2);
    }

    [Fact]
    public async Task Reading_a_page_allocates_nothing_per_event()
    {
        await using var session = await EmulatorSession.StartAsync(World());
        var page = (await session.Clients.Logs.FilterLogEventsAsync(new FilterLogEventsRequest(LogGroupName: Group, StartTime: Expected(World())[0].Timestamp, Limit: 2000)));
        using (page)
        {
            var warm = Sum(page);
            var before = GC.GetAllocatedBytesForCurrentThread();
            var again = Sum(page);
            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

            Assert.Equal(warm, again);
            Assert.True(warm.Events >= 1000, $"{warm.Events} events on the page");
            Assert.Equal(0, allocated);
        }
    }

    private static (int Events, long Bytes) Sum(LogEventsPage page)
    {
        var (events, bytes) = (0, 0L);
        foreach (var e in page)
        {
            events++;
            bytes += e.Message.Length + e.EventId.Length + e.LogStreamName.Length;
        }
        return (events, bytes);
    }

    private static async Task<List<(string Id, long Timestamp)>> CollectAsync(LogsClient logs, FilterLogEventsRequest request)
    {
        var events = new List<(string, long)>();
        await foreach (var page in logs.Paginators.FilterLogEvents(request))
        {
            using (page)
            {
                foreach (var e in page)
                {
                    events.Add((Encoding.UTF8.GetString(e.EventId), e.Timestamp));
                }
            }
        }
        return events;
    }
}
