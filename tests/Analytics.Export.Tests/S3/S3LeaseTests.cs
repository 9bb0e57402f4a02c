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
        // One execution's history is held until the refused run has exited: the run holding the lease cannot end (and
        // release it) before the other has tried to take it, however the machine schedules the two processes (started
        // together, the second could start after the first had ended, and both exited 0). The lease, released at the
        // end, is long enough that no late renewal on a busy machine lets it expire meanwhile.
        using var held = new HeldHistoryWorld(fixture.World, HeldHistoryWorld.Leaf(fixture.World));
        await using var server = await EmulatorHost.StartAsync(held);
        string[] s3Options = ["--s3-endpoint-url", server.Url.ToString()];
        var dataset = S3rverHost.NewDataset("concurrent");
        var lines = new List<string>[] { [], [] };
        using var a = CliExport.Start(server.Url, dataset, chunkExecutions: 20, onOutput: Collect(lines[0]), s3Lease: "00:02:00", extraArgs: s3Options);
        using var b = CliExport.Start(server.Url, dataset, chunkExecutions: 20, onOutput: Collect(lines[1]), s3Lease: "00:02:00", extraArgs: s3Options);
        await Task.WhenAny(a.WaitForExitAsync(), b.WaitForExitAsync()).WaitAsync(TimeSpan.FromMinutes(3));
        held.Release();
        await Task.WhenAll(a.WaitForExitAsync(), b.WaitForExitAsync()).WaitAsync(TimeSpan.FromMinutes(3));

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
        // One execution's history is held, so the run cannot end (and release its lease) before it is killed.
        using var held = new HeldHistoryWorld(fixture.World, HeldHistoryWorld.Leaf(fixture.World));
        await using var server = await EmulatorHost.StartAsync(held);
        var dataset = S3rverHost.NewDataset("stale");
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (var killed = CliExport.Start(server.Url, dataset, chunkExecutions: 20, onOutput: line =>
        {
            if (line.Contains("recovery rolled", StringComparison.Ordinal))
            {
                started.TrySetResult(); // the run holds the lease
            }
        }, s3Lease: "00:01:00", extraArgs: ["--s3-endpoint-url", server.Url.ToString()]))
        {
            await Task.WhenAny(started.Task, killed.WaitForExitAsync()).WaitAsync(TimeSpan.FromMinutes(3));
            Assert.False(killed.HasExited, "the run ended before it was killed");
            killed.Kill(entireProcessTree: true);
            await killed.WaitForExitAsync();
        }
        held.Release();
        // Its lease is still live, so the next run is refused: it must read the lease within the lease's minute (a 10 s
        // lease was outlived by the next CLI's start on a loaded machine, and that run took it over) …
        var expires = await LeaseExpiryAsync(server.Url, dataset);
        var blocked = new List<string>();
        Assert.Equal(2, await RunAsync(server.Url, dataset, blocked));
        Assert.Contains(blocked, l => l.Contains("held by", StringComparison.Ordinal));
        // … and once it has expired (by the expiry it records), taken over.
        var left = expires - DateTimeOffset.UtcNow;
        Assert.InRange(left, TimeSpan.Zero, TimeSpan.FromMinutes(1));
        await Task.Delay(left + TimeSpan.FromSeconds(0.5));
        Assert.Equal(0, await RunAsync(server.Url, dataset, []));
    }

    /// <summary>The expiry the unsharded lease of <paramref name="dataset"/> records.</summary>
    private static async Task<DateTimeOffset> LeaseExpiryAsync(Uri s3Endpoint, string dataset)
    {
        using var s3 = S3rverHost.For(s3Endpoint);
        using var lease = await s3.GetObjectAsync(S3rverHost.Bucket, $"{dataset[$"s3://{S3rverHost.Bucket}/".Length..]}/_manifest/locks/all.lease");
        using var body = await System.Text.Json.JsonDocument.ParseAsync(lease.ResponseStream);
        return body.RootElement.GetProperty("Expires").GetDateTimeOffset();
    }

    private static async Task<int> RunAsync(Uri endpoint, string dataset, List<string> lines)
    {
        using var process = CliExport.Start(endpoint, dataset, chunkExecutions: 20, onOutput: Collect(lines), extraArgs: ["--s3-endpoint-url", endpoint.ToString()]);
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
