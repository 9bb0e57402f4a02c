using System.Diagnostics;
using Amazon.S3.Model;
using Analytics.Export.Tests.Support;
using Xunit.Abstractions;

namespace Analytics.Export.Tests.S3;

/// <summary>Datasets on S3 (<c>--out s3://…</c>) against s3rver, a real S3 server, on loopback (the small world, or the
/// default world with <c>S3_WORLD=default</c>: <see cref="S3WorldFixture"/>). Each step is logged with its time (kills,
/// run lengths, row counts compared), to the test's output and to the file <c>S3_LOG</c> names, if any, as it
/// happens (<c>eng/s3-kill-storm.sh</c> shows it live).</summary>
public sealed class S3ExportTests(S3WorldFixture fixture, S3rverHost s3, ITestOutputHelper output) : IClassFixture<S3WorldFixture>, IClassFixture<S3rverHost>
{
    private static readonly string? LogFile = Environment.GetEnvironmentVariable("S3_LOG");
    private readonly Lock _logLock = new();

    /// <summary>Kill -9s of the storm below (<c>S3_KILLS</c>; <c>eng/s3-kill-storm.sh</c> runs 10).</summary>
    private static int Kills => int.TryParse(Environment.GetEnvironmentVariable("S3_KILLS"), out var n) ? n : 3;

    [Fact]
    public async Task Export_to_s3rver_equals_the_local_export_table_by_table()
    {
        var dataset = S3rverHost.NewDataset("equal");
        Log($"equal: the local reference export took {fixture.ReferenceTime.TotalSeconds:F0} s; export to {dataset}");
        Assert.Equal(0, await ExportAsync(dataset));
        await AssertSameAsReferenceAsync(dataset);

        // An incremental run over the same dataset (a cold local copy this time) adds nothing and loses nothing.
        Log("equal: incremental export");
        Assert.Equal(0, await ExportAsync(dataset));
        await AssertSameAsReferenceAsync(dataset);
    }

    [Fact]
    public async Task Runs_killed_at_random_moments_then_a_completing_run_give_the_same_dataset_on_s3()
    {
        var dataset = S3rverHost.NewDataset("killed");
        var random = new Random(20261204);
        var kills = 0;
        Log($"killed: {Kills} kills into {dataset}");
        // A reader that globs the table prefixes, listing all along: it must never see a staged or partial object.
        var watch = S3Watch.Start(s3, dataset, fixture.NewDir("s3-watch"));
        await using (watch)
        {
            // Each run is killed while it commits (CliExport.RunKilledWhileCommittingAsync): a kill at a random moment
            // after the run's first line landed after the run's end on a machine fast enough to finish the first run
            // inside the window, and every later run, with nothing left to do, ended before its moment too.
            for (var attempt = 0; kills < Kills && attempt < 4 * Kills; attempt++)
            {
                var said = "nothing";
                var started = Stopwatch.StartNew();
                if (await CliExport.RunKilledWhileCommittingAsync(fixture.Server.Url, dataset, random, S3WorldFixture.ChunkExecutions, onOutput: line => said = line, extraArgs: [.. s3.Options]))
                {
                    kills++;
                    Log($"killed: run {attempt + 1} killed while committing, {started.Elapsed.TotalSeconds:F1} s after its start (kill {kills} of {Kills}); its last line: {said}; {watch.Lists} listings so far");
                }
                else
                {
                    Log($"killed: run {attempt + 1} ended on its own after {started.Elapsed.TotalSeconds:F1} s, before its kill; its last line: {said}");
                }
                // The killed run's lease expires before the next run starts (CliExport sets a 3 s lease for s3:// outs).
                await Task.Delay(TimeSpan.FromSeconds(3.5));
            }
            Assert.Equal(Kills, kills);
            Log("killed: the completing run");
            Assert.Equal(0, await ExportAsync(dataset));
        }
        Log($"killed: the watch made {watch.Lists} listings, read back {watch.WholeFiles} Parquet objects, saw {watch.Violations.Count} violations");
        Assert.True(watch.Violations.Count == 0, string.Join("\n", watch.Violations));
        Assert.True(watch.WholeFiles > 0 && watch.Lists > 10 * Kills, $"{watch.Lists} listings, {watch.WholeFiles} Parquet objects read back");
        await AssertSameAsReferenceAsync(dataset);
    }

    [Fact]
    public async Task The_watching_reader_reports_a_staged_key_and_a_partial_Parquet_object_under_a_table_prefix()
    {
        // The storm's watch must not pass by seeing nothing: what it exists to catch, it catches.
        var dataset = S3rverHost.NewDataset("watched");
        var prefix = S3rverHost.Prefix(dataset);
        var watch = S3Watch.Start(s3, dataset, fixture.NewDir("s3-watch"));
        await using (watch)
        {
            await s3.Client.PutObjectAsync(new PutObjectRequest { BucketName = S3rverHost.Bucket, Key = prefix + "executions/date=2026-11-20/a.parquet.tmp", ContentBody = "x", UseChunkEncoding = false });
            await s3.Client.PutObjectAsync(new PutObjectRequest { BucketName = S3rverHost.Bucket, Key = prefix + "executions/date=2026-11-20/b.parquet", ContentBody = "PAR1 half a file", UseChunkEncoding = false });
            await s3.Client.PutObjectAsync(new PutObjectRequest { BucketName = S3rverHost.Bucket, Key = prefix + "_staging/all/c.parquet.tmp", ContentBody = "x", UseChunkEncoding = false });
            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }
        Assert.Equal(
            ["executions/date=2026-11-20/a.parquet.tmp: not a Parquet file, under a table prefix", "executions/date=2026-11-20/b.parquet: 16 bytes, not a whole Parquet file"],
            watch.Violations.Distinct().Order(StringComparer.Ordinal));
    }

    /// <summary>One whole export run into <paramref name="dataset"/>; its exit code.</summary>
    private async Task<int> ExportAsync(string dataset)
    {
        var started = Stopwatch.StartNew();
        using var process = CliExport.Start(fixture.Server.Url, dataset, S3WorldFixture.ChunkExecutions, onOutput: line => Log("  | " + line), extraArgs: [.. s3.Options]);
        try
        {
            await process.WaitForExitAsync().WaitAsync(S3WorldFixture.RunTimeout);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true); // not left running into the next test
            Log($"export: no exit after {started.Elapsed.TotalSeconds:F0} s, killed");
            throw;
        }
        Log($"export: exit {process.ExitCode} in {started.Elapsed.TotalSeconds:F1} s");
        return process.ExitCode;
    }

    /// <summary>The dataset on S3 read as a reader that globs <c>**/*.parquet</c> would (downloaded), compared with the
    /// local reference; no staged object remains and every object under a table prefix is a committed Parquet file.</summary>
    private async Task AssertSameAsReferenceAsync(string dataset)
    {
        var started = Stopwatch.StartNew();
        var keys = await s3.KeysAsync(dataset);
        Assert.DoesNotContain(keys, k => k.StartsWith("_staging/", StringComparison.Ordinal));
        Assert.All(keys.Where(k => !k.StartsWith('_')), k => Assert.EndsWith(".parquet", k, StringComparison.Ordinal));
        var folder = fixture.NewDir("s3-copy");
        await s3.DownloadAsync(dataset, folder);
        Log($"compare: {keys.Count} objects listed and downloaded in {started.Elapsed.TotalSeconds:F1} s");
        started.Restart();
        fixture.AssertSameAsReference(folder, log: line => Log("compare: " + line));
        Log($"compare: sorted row dumps equal in {started.Elapsed.TotalSeconds:F1} s");
        started.Restart();
        var verify = await CliRun.RunAsync("verify", "--out", folder);
        Assert.True(verify.Exit == 0, verify.Out + verify.Err);
        Log($"compare: verify passed in {started.Elapsed.TotalSeconds:F1} s");
    }

    /// <summary>One line of the storm's log, with the time of day.</summary>
    private void Log(string line)
    {
        var text = $"{DateTime.UtcNow:HH:mm:ss} {line}";
        lock (_logLock)
        {
            try
            {
                output.WriteLine(text);
            }
            catch (InvalidOperationException)
            {
                // a killed run's late line after its test ended: the file keeps it
            }
            if (LogFile is { Length: > 0 } file)
            {
                File.AppendAllText(file, text + Environment.NewLine);
            }
        }
    }
}
