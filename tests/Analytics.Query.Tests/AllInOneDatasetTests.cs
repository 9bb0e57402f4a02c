using Analytics.Datasets;
using Analytics.Query.Report;

namespace Analytics.Query.Tests;

/// <summary>
/// Acceptance (issue 16): one dataset holding the exported default world, every file of the shared real-history
/// corpus imported leniently, and a page without ExecutionStarted. Every named query and the weekly report must
/// succeed over it: no dataset the product writes may break its own queries.
/// </summary>
public sealed class AllInOneDatasetTests
{
    private static readonly DateTimeOffset s_now = WorldExport.Now;

    [Fact]
    public async Task Named_queries_and_report_succeed_over_export_plus_real_histories_plus_a_page_without_start()
    {
        var corpus = Path.GetFullPath(Path.Combine(WorldExport.RepoRoot, "..", "shared", "real-histories"));
        Assert.True(Directory.Exists(corpus), $"the shared real-history corpus is not at {corpus}");
        using var folder = new TempFolder();
        var data = folder.Combine("data");
        await WorldExport.ExportAsync("default.json", data);

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
}
