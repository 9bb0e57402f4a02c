using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using Analytics.Export.Tests.Support;

namespace Analytics.Export.Tests.S3;

/// <summary>
/// The S3 lock (conditional writes) against the emulator's S3 subset, which honours <c>If-None-Match</c> and
/// <c>If-Match</c> as S3 documents (s3rver ignores them).
/// </summary>
public sealed class S3LeaseTests(SmallWorldFixture fixture) : IClassFixture<SmallWorldFixture>
{
    private string[] S3Options => ["--s3-endpoint-url", fixture.Server.Url.ToString()];

    [Fact]
    public async Task The_emulator_refuses_conditional_writes_with_S3s_412_PreconditionFailed()
    {
        using var s3 = S3rverHost.For(fixture.Server.Url);
        var key = "locks/" + Guid.NewGuid().ToString("N");
        var first = await s3.PutObjectAsync(new PutObjectRequest { BucketName = "datasets", Key = key, ContentBody = "a", IfNoneMatch = "*" });
        var taken = await Assert.ThrowsAsync<AmazonS3Exception>(() => s3.PutObjectAsync(new PutObjectRequest { BucketName = "datasets", Key = key, ContentBody = "b", IfNoneMatch = "*" }));
        Assert.Equal(HttpStatusCode.PreconditionFailed, taken.StatusCode);
        Assert.Equal("PreconditionFailed", taken.ErrorCode);

        var renewed = await s3.PutObjectAsync(new PutObjectRequest { BucketName = "datasets", Key = key, ContentBody = "c", IfMatch = first.ETag });
        var stale = await Assert.ThrowsAsync<AmazonS3Exception>(() => s3.PutObjectAsync(new PutObjectRequest { BucketName = "datasets", Key = key, ContentBody = "d", IfMatch = first.ETag }));
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        using var read = await s3.GetObjectAsync("datasets", key);
        Assert.Equal(renewed.ETag, read.ETag);
        Assert.Equal("c", await new StreamReader(read.ResponseStream).ReadToEndAsync());
    }

    [Fact]
    public async Task Two_concurrent_runs_on_one_shard_exactly_one_proceeds_and_the_other_names_the_holder()
    {
        var dataset = S3rverHost.NewDataset("concurrent");
        var lines = new List<string>[] { [], [] };
        // A lease long enough that a busy machine's late renewal cannot let it expire mid-run.
        using var a = CliExport.Start(fixture.Server.Url, dataset, chunkExecutions: 20, onOutput: Collect(lines[0]), s3Lease: "00:00:30", extraArgs: S3Options);
        using var b = CliExport.Start(fixture.Server.Url, dataset, chunkExecutions: 20, onOutput: Collect(lines[1]), s3Lease: "00:00:30", extraArgs: S3Options);
        await Task.WhenAll(a.WaitForExitAsync(), b.WaitForExitAsync());

        var exits = new[] { a.ExitCode, b.ExitCode };
        Assert.Equal([0, 2], exits.Order());
        var refused = lines[Array.IndexOf(exits, 2)];
        string[] errors;
        lock (refused)
        {
            errors = [.. refused.Where(l => l.StartsWith("error:", StringComparison.Ordinal))];
        }
        var error = Assert.Single(errors);
        Assert.Contains("held by", error, StringComparison.Ordinal);
        Assert.Contains($"pid {(exits[0] == 0 ? a.Id : b.Id)}", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_killed_runs_lease_blocks_until_it_expires_then_the_next_run_takes_it_over()
    {
        var dataset = S3rverHost.NewDataset("stale");
        var started = new TaskCompletionSource();
        using (var killed = CliExport.Start(fixture.Server.Url, dataset, chunkExecutions: 20, onOutput: line =>
        {
            if (line.Contains("recovery rolled", StringComparison.Ordinal))
            {
                started.TrySetResult(); // the run holds the lease
            }
        }, s3Lease: "00:00:10", extraArgs: S3Options))
        {
            await started.Task.WaitAsync(TimeSpan.FromSeconds(60));
            killed.Kill(entireProcessTree: true);
            await killed.WaitForExitAsync();
        }
        // Its 10 s lease is still live now, so the next run is refused …
        var blocked = new List<string>();
        Assert.Equal(2, await RunAsync(dataset, blocked));
        Assert.Contains(blocked, l => l.Contains("held by", StringComparison.Ordinal));
        // … and after it has expired, taken over.
        await Task.Delay(TimeSpan.FromSeconds(10.5));
        Assert.Equal(0, await RunAsync(dataset, []));
    }

    private async Task<int> RunAsync(string dataset, List<string> lines)
    {
        using var process = CliExport.Start(fixture.Server.Url, dataset, chunkExecutions: 20, onOutput: Collect(lines), extraArgs: S3Options);
        await process.WaitForExitAsync();
        return process.ExitCode;
    }

    private static Action<string> Collect(List<string> lines) => line =>
    {
        lock (lines)
        {
            lines.Add(line);
        }
    };
}
