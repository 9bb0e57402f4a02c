using Analytics.Aws;
using Analytics.Aws.Credentials;
using Analytics.Aws.Retry;
using Analytics.Export.Crawl;

namespace Analytics.Export.Tests.Support;

/// <summary>Runs the real export job in-process against an emulator URL.</summary>
internal static class Exporter
{
    static Exporter()
    {
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", "test");
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", "test");
    }

    public static Task<ExportResult> RunAsync(Uri endpoint, string outDir, Action<ExportOptions>? configure = null, CancellationToken cancellationToken = default) =>
        Create(endpoint, outDir, configure).RunAsync(cancellationToken);

    /// <summary>The job, for tests that also read its progress counters.</summary>
    /// <param name="awsClock">The clients' and role sessions' clock (<see cref="AwsClientOptions.Clock"/>).</param>
    public static ExportJob Create(Uri endpoint, string outDir, Action<ExportOptions>? configure = null, RetryOptions? retry = null, TimeProvider? time = null,
        TimeProvider? awsClock = null)
    {
        var options = new ExportOptions { Out = outDir, ChunkExecutions = 500, FetchConcurrency = 8 };
        configure?.Invoke(options);
        var aws = new AwsClientOptions
        {
            EndpointUrl = endpoint,
            Region = "us-east-1",
            RateLimits = RateLimitMode.None,
            Clock = awsClock ?? TimeProvider.System,
            Retry = retry ?? new RetryOptions { MaxAttempts = 12, QuotaCapacity = 1_000_000, BaseDelay = TimeSpan.FromMilliseconds(5), ThrottlingBaseDelay = TimeSpan.FromMilliseconds(20), MaxBackoff = TimeSpan.FromMilliseconds(200) },
        };
        return new ExportJob(options, aws, time: time);
    }
}
