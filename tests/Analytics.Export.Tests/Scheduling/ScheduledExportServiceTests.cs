using Analytics.Aws;
using Analytics.Aws.Retry;
using Analytics.Export.Scheduling;
using Analytics.Export.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace Analytics.Export.Tests.Scheduling;

public sealed class ScheduledExportServiceTests(SmallWorldFixture fixture) : IClassFixture<SmallWorldFixture>
{
    [Fact]
    public async Task Serve_runs_the_export_when_the_schedule_fires_and_stops_cleanly()
    {
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", "test");
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", "test");
        var dir = fixture.NewDir("serve");
        // A clock half a second before a minute boundary: "* * * * *" fires almost at once.
        var now = DateTimeOffset.UtcNow;
        var clock = new ShiftedClock(TimeSpan.FromSeconds(59.5 - now.Second - (now.Millisecond / 1000.0)));
        var service = new ScheduledExportService(
            CronSchedule.Parse("* * * * *"),
            new ExportOptions { Out = dir, FetchConcurrency = 8 },
            new AwsClientOptions { EndpointUrl = fixture.Server.Url, Region = "us-east-1", RateLimits = RateLimitMode.None, Retry = new RetryOptions { MaxAttempts = 5 } },
            NullLoggerFactory.Instance,
            clock);
        await service.StartAsync(CancellationToken.None);
        var deadline = DateTime.UtcNow.AddMinutes(5); // a minute's wait at most, then one export on a loaded machine
        while (service.CompletedRuns == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }
        await service.StopAsync(CancellationToken.None);

        Assert.Equal(1, service.CompletedRuns);
        fixture.AssertSameAsReference(dir);
    }
}
