using Analytics.Aws;
using Analytics.Aws.Retry;
using Analytics.Emulator.Http;
using Analytics.Emulator.Simulation.Truth;
using Analytics.Emulator.World;
using Analytics.Export;
using Analytics.Export.Crawl;

namespace Analytics.Query.Tests;

/// <summary>
/// A world of sample-data/worlds served by the emulator over loopback HTTP and exported by the real export job (seed 7,
/// no pacing, quick retries), with its `world truth`: the one way the query tests build an exported dataset.
/// </summary>
internal static class WorldExport
{
    public static readonly DateTimeOffset Now = new(2026, 11, 22, 22, 0, 0, TimeSpan.Zero);

    public static async Task<WorldTruthReport> ExportAsync(string worldFile, string outDirectory)
    {
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", "test");
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", "test");
        var world = WorldLoader.Load(Path.Combine(RepoRoot, "sample-data", "worlds", worldFile), seed: 7, Now);
        var truth = WorldTruth.Compute(world, CancellationToken.None);
        await using var server = await EmulatorServer.StartAsync(world, new EmulatorOptions { Port = 0 });
        var aws = new AwsClientOptions
        {
            EndpointUrl = server.Url,
            Region = "us-east-1",
            RateLimits = RateLimitMode.None,
            Retry = new RetryOptions { MaxAttempts = 12, QuotaCapacity = 1_000_000, BaseDelay = TimeSpan.FromMilliseconds(5), MaxBackoff = TimeSpan.FromMilliseconds(200) },
        };
        var result = await new ExportJob(new ExportOptions { Out = outDirectory, ChunkExecutions = 500, FetchConcurrency = 8 }, aws).RunAsync();
        if (result.IsPartial)
        {
            throw new InvalidOperationException($"the export of {worldFile} was partial");
        }
        return truth;
    }

    public static string RepoRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Analytics.sln")))
                {
                    return dir.FullName;
                }
            }
            throw new InvalidOperationException("cannot find the repository root above " + AppContext.BaseDirectory);
        }
    }
}
