using Analytics.Aws;
using Analytics.Aws.Retry;
using Analytics.Emulator.Http;
using Analytics.Emulator.Simulation.Truth;
using Analytics.Emulator.World;
using Analytics.Export;
using Analytics.Export.Crawl;

namespace Analytics.Query.Tests;

/// <summary>
/// The default world served by the emulator over loopback HTTP and exported once by the real export job (seed 7, now
/// 2026-11-22 22:00Z, as <see cref="ExportedWorldTests"/>), with its `world truth`: for tests that look at what a user
/// gets from `make demo`.
/// </summary>
public sealed class ExportedWorldFixture : IAsyncLifetime
{
    public static readonly DateTimeOffset Now = new(2026, 11, 22, 22, 0, 0, TimeSpan.Zero);

    private readonly TempFolder _folder = new();

    public string Root => _folder.Path;

    public WorldTruthReport Truth { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", "test");
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", "test");
        var world = WorldLoader.Load(Path.Combine(RepoRoot, "sample-data", "worlds", "default.json"), seed: 7, Now);
        Truth = WorldTruth.Compute(world, CancellationToken.None);
        await using var server = await EmulatorServer.StartAsync(world, new EmulatorOptions { Port = 0 });
        var aws = new AwsClientOptions
        {
            EndpointUrl = server.Url,
            Region = "us-east-1",
            RateLimits = RateLimitMode.None,
            Retry = new RetryOptions { MaxAttempts = 12, QuotaCapacity = 1_000_000, BaseDelay = TimeSpan.FromMilliseconds(5), MaxBackoff = TimeSpan.FromMilliseconds(200) },
        };
        var result = await new ExportJob(new ExportOptions { Out = _folder.Path, ChunkExecutions = 500, FetchConcurrency = 8 }, aws).RunAsync();
        if (result.IsPartial)
        {
            throw new InvalidOperationException("the export of the default world was partial");
        }
    }

    public Task DisposeAsync()
    {
        _folder.Dispose();
        return Task.CompletedTask;
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
