using Analytics.Aws;
using Analytics.Aws.Retry;
using Analytics.DuckDb.Dataset;
using Analytics.Emulator.Http;
using Analytics.Emulator.World;
using Analytics.Export;
using Analytics.Export.Crawl;
using Analytics.Query.Report;

namespace Analytics.Query.Tests;

/// <summary>
/// Acceptance (issue 16): one dataset holding the exported default world, every file of the shared real-history
/// corpus imported leniently, and a page without ExecutionStarted. Every named query and the weekly report must
/// succeed over it: no dataset the product writes may break its own queries.
/// </summary>
public sealed class AllInOneDatasetTests
{
    private static readonly DateTimeOffset s_now = new(2026, 11, 22, 22, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Named_queries_and_report_succeed_over_export_plus_real_histories_plus_a_page_without_start()
    {
        var corpus = Path.GetFullPath(Path.Combine(RepoRoot(), "..", "shared", "real-histories"));
        Assert.True(Directory.Exists(corpus), $"the shared real-history corpus is not at {corpus}");
        using var folder = new TempFolder();
        var data = folder.Combine("data");
        await ExportDefaultWorldAsync(data);

        var partial = folder.Combine("partial-page.json");
        File.WriteAllText(partial, UnknownStartDateTests.PageWithoutStart);
        var files = Directory.EnumerateFiles(corpus, "*", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith(".md", StringComparison.Ordinal)).Order(StringComparer.Ordinal).Append(partial).ToList();
        var report = HistoryImporter.Import(files, data, "import-all-in-one", new ImportOptions { Lenient = true });
        // Into an exported dataset the files join its manifest (as `analytics import` does): the views read only what it lists.
        Assert.True(Analytics.Export.Manifest.DatasetStore.RegisterImported(data, "import-all-in-one", report.FilesWritten));
        Assert.True(report.Imported.Count >= 800, $"imported {report.Imported.Count} of {files.Count} files");
        Assert.Contains(report.Imported, f => f.Path == partial);

        using (var session = QuerySession.Open(data, new QuerySessionOptions { Threads = 2 }))
        {
            Assert.True(session.Run("SELECT count(*) AS n FROM events WHERE date IS NULL").Long(0, "n") > 0);
            Assert.True(session.Run("SELECT count(DISTINCT date) AS n FROM durable_events").Long(0, "n") > 1);
            foreach (var query in session.Queries.All())
            {
                session.RunNamed(query.Name);
                session.RunNamed(query.Name, QueryParameters.Window(new(2026, 11, 16, 0, 0, 0, TimeSpan.Zero), new(2026, 11, 23, 0, 0, 0, TimeSpan.Zero)));
            }
        }
        var (markdown, html, _) = WeeklyReport.Write(data, IsoWeek.Parse("2026-W47"), folder.Combine("report"), now: s_now);
        Assert.Contains("2026-W47", markdown, StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(html));
    }

    /// <summary>The default world served over loopback and exported by the real export job (as ExportedWorldTests).</summary>
    private static async Task ExportDefaultWorldAsync(string data)
    {
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", "test");
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", "test");
        var world = WorldLoader.Load(Path.Combine(RepoRoot(), "sample-data", "worlds", "default.json"), seed: 7, s_now);
        await using var server = await EmulatorServer.StartAsync(world, new EmulatorOptions { Port = 0 });
        var aws = new AwsClientOptions
        {
            EndpointUrl = server.Url,
            Region = "us-east-1",
            RateLimits = RateLimitMode.None,
            Retry = new RetryOptions { MaxAttempts = 12, QuotaCapacity = 1_000_000, BaseDelay = TimeSpan.FromMilliseconds(5), MaxBackoff = TimeSpan.FromMilliseconds(200) },
        };
        var result = await new ExportJob(new ExportOptions { Out = data, ChunkExecutions = 500, FetchConcurrency = 8 }, aws).RunAsync();
        Assert.False(result.IsPartial);
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Analytics.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("Cannot find the repository root above " + AppContext.BaseDirectory);
    }
}
