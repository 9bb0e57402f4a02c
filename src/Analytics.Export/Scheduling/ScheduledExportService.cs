using Analytics.Aws;
using Analytics.Export.Crawl;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Analytics.Export.Scheduling;

/// <summary>
/// <c>serve</c>: runs the export at every time the cron schedule matches (UTC). On SIGTERM the running export stops
/// listing and fetching, commits what it has staged (a checkpoint: the next run continues from there) and the host
/// exits. A failed run is logged and the next scheduled run tries again.
/// </summary>
public sealed partial class ScheduledExportService(
    CronSchedule schedule, ExportOptions export, AwsClientOptions aws, ILoggerFactory loggers, TimeProvider time) : BackgroundService
{
    private readonly ILogger _logger = loggers.CreateLogger("Analytics.Export.Serve");

    /// <summary>Runs finished so far (for tests and the host's status line).</summary>
    public int CompletedRuns { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var next = schedule.Next(time.GetUtcNow());
            NextRun(_logger, schedule.Text, next);
            var wait = next - time.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, time, stoppingToken).ConfigureAwait(false);
            }
            try
            {
                var result = await new ExportJob(export, aws, loggers, time).RunAsync(stoppingToken).ConfigureAwait(false);
                CompletedRuns++;
                RunFinished(_logger, result.RunId, result.Executions, result.IsPartial);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                Checkpointed(_logger);
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Whatever failed this run (a full disk, AWS, a damaged file), the worker lives on: the next slot retries.
                RunFailed(_logger, e.Message);
            }
        }
    }

    [LoggerMessage(EventId = 6101, Level = LogLevel.Information, Message = "schedule '{Schedule}': next export at {Next:O}")]
    private static partial void NextRun(ILogger logger, string schedule, DateTimeOffset next);

    [LoggerMessage(EventId = 6102, Level = LogLevel.Information, Message = "scheduled export {RunId} finished: {Executions} executions (partial: {Partial})")]
    private static partial void RunFinished(ILogger logger, string runId, long executions, bool partial);

    [LoggerMessage(EventId = 6103, Level = LogLevel.Information, Message = "stopping: the running export committed what it had staged; the next run continues from there")]
    private static partial void Checkpointed(ILogger logger);

    [LoggerMessage(EventId = 6104, Level = LogLevel.Error, Message = "scheduled export failed: {Reason}; the next scheduled run retries")]
    private static partial void RunFailed(ILogger logger, string reason);
}
