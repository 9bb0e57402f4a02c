using System.Text.Json;
using System.Text.RegularExpressions;
using Amazon.S3.Model;
using Analytics.Export.Tests.Support;

namespace Analytics.Export.Tests.S3;

/// <summary>
/// The commands besides export on an <c>s3://</c> dataset against s3rver on loopback: import through the commit
/// protocol, query/report/verify through a local mirror, the quarantine uploaded, and one clear line for a location
/// that cannot be read.
/// </summary>
public sealed class S3CommandsTests(SmallWorldFixture fixture, S3rverHost s3) : IClassFixture<SmallWorldFixture>, IClassFixture<S3rverHost>
{
    private static readonly string[] s_queries = ["failure_rates", "retry_attempts", "latency_percentiles", "top_errors", "map_run_health", "durable_health"];

    private string[] Access(string cache) => ["--s3-endpoint-url", s3.Url.ToString(), "--region", "us-east-1", "--cache-dir", cache];

    [Fact]
    public async Task Import_to_s3rver_equals_the_import_to_disk_table_by_table()
    {
        var inputs = await HistoryFilesAsync();
        var local = fixture.NewDir("import-local");
        var dataset = S3rverHost.NewDataset("import");
        var toDisk = await CliRun.RunAsync("import", inputs, "--out", local);
        Assert.True(toDisk.Exit == 0, toDisk.Err);
        var toS3 = await CliRun.RunAsync("import", inputs, "--out", dataset, "--s3-endpoint-url", s3.Url.ToString(), "--region", "us-east-1");
        Assert.True(toS3.Exit == 0, toS3.Err);

        var keys = await s3.KeysAsync(dataset);
        Assert.DoesNotContain(keys, k => k.StartsWith("_staging/", StringComparison.Ordinal) || k.StartsWith("_manifest/locks/", StringComparison.Ordinal));
        Assert.Contains(keys, k => k.StartsWith("_manifest/commits/import-", StringComparison.Ordinal));
        var copy = fixture.NewDir("import-copy");
        await s3.DownloadAsync(dataset, copy);
        SmallWorldFixture.AssertSame(local, copy);
        var verify = await CliRun.RunAsync(["verify", "--out", dataset, .. Access(fixture.NewDir("cache"))]);
        Assert.True(verify.Exit == 0, verify.Out + verify.Err);
    }

    [Fact]
    public async Task Import_to_s3_is_refused_while_another_writer_holds_the_lease()
    {
        // The emulator's S3 honours If-None-Match (s3rver does not): a live lease of the unsharded layout is there.
        var dataset = S3rverHost.NewDataset("import-locked");
        using var client = S3rverHost.For(fixture.Server.Url);
        var lease = JsonSerializer.Serialize(new { Holder = "nightly-host pid 4242", Expires = DateTimeOffset.UtcNow.AddMinutes(5) });
        await client.PutObjectAsync(new PutObjectRequest { BucketName = S3rverHost.Bucket, Key = Key(dataset, "_manifest/locks/all.lease"), ContentBody = lease });

        var run = await CliRun.RunAsync("import", await HistoryFilesAsync(), "--out", dataset, "--s3-endpoint-url", fixture.Server.Url.ToString(), "--region", "us-east-1");

        Assert.Equal(2, run.Exit);
        Assert.Contains("held by nightly-host pid 4242", run.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Query_report_and_verify_over_an_s3_export_answer_as_over_the_local_export()
    {
        var dataset = S3rverHost.NewDataset("read");
        Assert.Equal(0, await CliExport.RunAsync(fixture.Server.Url, dataset, chunkExecutions: 20, extraArgs: s3.Options));
        var exported = await ObjectsAsync(dataset);
        var cache = fixture.NewDir("cache");
        // Two commands started together on a cold mirror: one syncs it, the other waits, both answer.
        var together = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ =>
            CliRun.RunAsync(["query", "select count(*) from events", "--data", dataset, "--format", "csv", .. Access(cache)])));
        Assert.All(together, run => Assert.True(run.Exit == 0, run.Err));
        Assert.Equal(together[0].Out, together[1].Out);
        foreach (var name in s_queries)
        {
            var expected = await CliRun.RunAsync("query", "--name", name, "--data", fixture.ReferenceDir, "--format", "csv");
            var actual = await CliRun.RunAsync(["query", "--name", name, "--data", dataset, "--format", "csv", .. Access(cache)]);
            Assert.True(expected.Exit == 0 && actual.Exit == 0, expected.Err + actual.Err);
            Assert.Equal(expected.Out, actual.Out);
        }
        // The mirror is warm now: nothing is downloaded again.
        var again = await CliRun.RunAsync(["query", "select count(*) from executions", "--data", dataset, "--format", "csv", .. Access(cache)]);
        Assert.Contains(" 0 object(s) downloaded", again.Err, StringComparison.Ordinal);

        var reports = fixture.NewDir("reports");
        var local = await CliRun.RunAsync("report", "--week", "2026-W47", "--data", fixture.ReferenceDir, "--out", Path.Combine(reports, "local"));
        var remote = await CliRun.RunAsync(["report", "--week", "2026-W47", "--data", dataset, "--out", Path.Combine(reports, "s3"), .. Access(cache)]);
        Assert.True(local.Exit == 0 && remote.Exit == 0, local.Err + remote.Err);
        Assert.Equal(ReportBody(Path.Combine(reports, "local"), fixture.ReferenceDir), ReportBody(Path.Combine(reports, "s3"), dataset));

        var verify = await CliRun.RunAsync(["verify", "--out", dataset, .. Access(cache)]);
        Assert.True(verify.Exit == 0, verify.Out + verify.Err);
        Assert.Contains($"verify: {dataset}", verify.Out, StringComparison.Ordinal);
        // Readers never write to the bucket.
        Assert.Equal(exported, await ObjectsAsync(dataset));
    }

    /// <summary>Every object under a dataset with its ETag, as comparable text.</summary>
    private async Task<string> ObjectsAsync(string dataset)
    {
        var prefix = Key(dataset, "");
        var objects = await s3.Client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = S3rverHost.Bucket, Prefix = prefix, MaxKeys = 1000 });
        Assert.True(objects.IsTruncated != true);
        return string.Join("\n", (objects.S3Objects ?? []).Select(o => o.Key + " " + o.ETag).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Verify_on_s3_names_a_stray_object_under_a_table_prefix_and_a_missing_committed_one()
    {
        var dataset = S3rverHost.NewDataset("damaged");
        Assert.Equal(0, await CliExport.RunAsync(fixture.Server.Url, dataset, chunkExecutions: 20, extraArgs: s3.Options));
        var cache = fixture.NewDir("cache");
        Assert.Equal(0, (await CliRun.RunAsync(["verify", "--out", dataset, .. Access(cache)])).Exit);
        var keys = await s3.KeysAsync(dataset);
        var lost = keys.First(k => k.StartsWith("events/", StringComparison.Ordinal));
        await s3.Client.DeleteObjectAsync(S3rverHost.Bucket, Key(dataset, lost));
        await s3.Client.PutObjectAsync(new PutObjectRequest { BucketName = S3rverHost.Bucket, Key = Key(dataset, "executions/date=2026-11-22/stray.parquet"), ContentBody = "PAR1" });

        var verify = await CliRun.RunAsync(["verify", "--out", dataset, .. Access(cache)]);

        Assert.Equal(1, verify.Exit);
        Assert.Contains("unlisted: executions/date=2026-11-22/stray.parquet: object on S3, not in the manifest", verify.Out, StringComparison.Ordinal);
        Assert.Contains($"missing: {lost}:", verify.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_quarantined_history_is_uploaded_under_the_dataset_prefix()
    {
        var broken = fixture.World.ListExecutions(fixture.World.StateMachines.First(m => m.Type == "STANDARD").StateMachineArn)[3];
        await using var server = await EmulatorHost.StartAsync(new BrokenHistoryWorld(fixture.World, broken.ExecutionArn));
        var dataset = S3rverHost.NewDataset("quarantine");

        Assert.Equal(1, await CliExport.RunAsync(server.Url, dataset, chunkExecutions: 20, extraArgs: s3.Options));

        var keys = await s3.KeysAsync(dataset);
        var reason = Assert.Single(keys, k => k.StartsWith("_quarantine/", StringComparison.Ordinal) && k.EndsWith("/reason.txt", StringComparison.Ordinal));
        Assert.Contains(keys, k => k.StartsWith(reason[..reason.LastIndexOf('/')], StringComparison.Ordinal) && k.EndsWith("/page-0000.json", StringComparison.Ordinal));
        using var response = await s3.Client.GetObjectAsync(S3rverHost.Bucket, Key(dataset, reason));
        Assert.Contains(broken.ExecutionArn, await new StreamReader(response.ResponseStream).ReadToEndAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compact_on_s3_leaves_one_file_per_table_and_date_with_the_same_rows()
    {
        var dataset = S3rverHost.NewDataset("compact");
        Assert.Equal(0, await CliExport.RunAsync(fixture.Server.Url, dataset, chunkExecutions: 20, extraArgs: [.. s3.Options, "--no-compact"]));
        static List<string> WorldFiles(List<string> keys) => keys.Where(k => k.Contains("/date=2026-11-", StringComparison.Ordinal)).ToList();
        var before = WorldFiles(await s3.KeysAsync(dataset));

        var compact = await CliRun.RunAsync("compact", "--out", dataset, "--s3-endpoint-url", s3.Url.ToString(), "--region", "us-east-1");

        Assert.True(compact.Exit == 0, compact.Out + compact.Err);
        var after = WorldFiles(await s3.KeysAsync(dataset));
        Assert.True(after.Count < before.Count, $"{before.Count} files before, {after.Count} after");
        Assert.All(after.GroupBy(k => k[..k.LastIndexOf('/')]), partition => Assert.Single(partition));
        var copy = fixture.NewDir("compact-copy");
        await s3.DownloadAsync(dataset, copy);
        fixture.AssertSameAsReference(copy);
        Assert.Equal(0, (await CliRun.RunAsync(["verify", "--out", dataset, .. Access(fixture.NewDir("cache"))])).Exit);
    }

    [Theory]
    [InlineData("bucket", 3)]
    [InlineData("endpoint", 3)]
    [InlineData("url", 2)]
    [InlineData("credentials", 3)]
    public async Task A_location_that_cannot_be_read_gives_one_line_and_the_documented_exit_code(string fault, int exit)
    {
        // s3rver checks signatures: a key it does not know is refused (403 InvalidAccessKeyId), as S3 does.
        var environment = new Dictionary<string, string>();
        if (fault == "credentials")
        {
            environment["AWS_ACCESS_KEY_ID"] = "nobody";
        }
        var (dataset, endpoint) = fault switch
        {
            "bucket" => ("s3://no-such-bucket/x", s3.Url.ToString()),
            "endpoint" => (S3rverHost.NewDataset("unreachable"), "http://127.0.0.1:9/"),
            "credentials" => (S3rverHost.NewDataset("refused"), s3.Url.ToString()),
            _ => ("s3://ab/x", s3.Url.ToString()),
        };
        string[] access = ["--s3-endpoint-url", endpoint, "--region", "us-east-1", "--cache-dir", fixture.NewDir("cache")];
        foreach (var command in new[] { ["query", "select 1", "--data", dataset], ["verify", "--out", dataset], new[] { "import", Directory.CreateDirectory(fixture.NewDir("none")).FullName, "--out", dataset } })
        {
            if (command[0] == "import")
            {
                File.WriteAllText(Path.Combine(command[1], "h.json"), "{}");
            }
            var run = await CliRun.RunAsync(environment, [.. command, .. command[0] == "import" ? access[..4] : access]);
            Assert.True(run.Exit == exit, $"{command[0]}: exit {run.Exit}: {run.Err}");
            var line = Assert.Single(run.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith("error: ", line, StringComparison.Ordinal);
            Assert.DoesNotContain("unexpected", line, StringComparison.Ordinal);
        }
    }

    private static string Key(string dataset, string relative) => dataset[$"s3://{S3rverHost.Bucket}/".Length..] + "/" + relative;

    /// <summary>The report's Markdown with its "Dataset `…`, generated …" (the location it names, and the time) and export run cut, after
    /// checking it names <paramref name="dataset"/> (the s3:// location, not the mirror's folder).</summary>
    private static string ReportBody(string folder, string dataset)
    {
        var text = File.ReadAllText(Path.Combine(folder, "2026-W47.md"));
        var named = $"Dataset `{Analytics.Query.Report.MarkdownReport.Escape(dataset)}`, generated ";
        var at = text.IndexOf(named, StringComparison.Ordinal);
        Assert.True(at >= 0, $"the report does not name {dataset}");
        // The open executions are those of each dataset's own export run (its id and start time).
        return Regex.Replace(text[..at] + text[text.IndexOf('\n', at)..], @"export run \S+( \(started [^)]*\))?", "export run RUN");
    }

    /// <summary>Real saved histories: every 25th execution's page that <c>world pages</c> writes for the default world,
    /// with its ARN as the top-level member an import reads it from.</summary>
    private async Task<string> HistoryFilesAsync()
    {
        var pages = fixture.NewDir("pages");
        var run = await CliRun.RunAsync("world", "pages", "--world", Path.Combine(TestWorlds.RepoRoot, "sample-data", "worlds", "default.json"), "--out", pages);
        Assert.True(run.Exit == 0, run.Err);
        var inputs = Directory.CreateDirectory(fixture.NewDir("histories")).FullName;
        var n = 0;
        foreach (var line in File.ReadLines(Path.Combine(pages, "index.jsonl")).Where((_, i) => i % 25 == 0))
        {
            using var entry = JsonDocument.Parse(line);
            var arn = entry.RootElement.GetProperty("arn").GetString()!;
            var page = File.ReadLines(Path.Combine(pages, entry.RootElement.GetProperty("file").GetString()!)).First();
            var member = arn.Contains(":lambda:", StringComparison.Ordinal) ? "DurableExecutionArn" : "executionArn";
            File.WriteAllText(Path.Combine(inputs, $"{n++:D4}.json"), $"{{\"{member}\":{JsonSerializer.Serialize(arn)},{page.TrimStart()[1..]}");
        }
        return inputs;
    }
}
