using System.Text.Json;
using Amazon.S3.Model;
using Analytics.Export.Manifest;
using Analytics.Export.Storage;
using Analytics.Export.Tests.Support;

namespace Analytics.Export.Tests.S3;

/// <summary>The readers' local mirror of an <c>s3://</c> dataset, against s3rver on loopback.</summary>
[Collection(nameof(MirrorGateHook))]
public sealed class S3MirrorTests(S3rverHost s3) : IClassFixture<S3rverHost>, IDisposable
{
    private readonly TempFolder _cache = new();

    public void Dispose()
    {
        S3DatasetMirror.GateBusy = null;
        _cache.Dispose();
    }

    [Fact]
    public async Task A_sync_waits_while_another_command_reads_the_mirror()
    {
        var dataset = Analytics.Export.Storage.S3Location.Parse(S3rverHost.NewDataset("mirror"));
        var record = JsonSerializer.Serialize(new CommitRecord { RunId = "r", Seq = 1, Shard = "all" }, ManifestState.JsonOptions);
        await s3.Client.PutObjectAsync(new PutObjectRequest { BucketName = S3rverHost.Bucket, Key = dataset.Key("_manifest/commits/r-000001.json"), ContentBody = record });
        var folder = S3DatasetMirror.FolderOf(_cache.Path, dataset, s3.Url);
        var waits = 0;

        // A query reads the mirror; a second command's sync (which may delete or replace its files) waits for it.
        var reading = S3DatasetMirror.Sync(s3.Client, dataset, folder);
        S3DatasetMirror.GateBusy = _ =>
        {
            waits++;
            reading.Dispose();
        };
        using var second = S3DatasetMirror.Sync(s3.Client, dataset, folder);

        Assert.Equal(1, waits);
        Assert.True(File.Exists(Path.Combine(second.Root, "_manifest", "commits", "r-000001.json")));
    }
}

/// <summary>Tests that set <see cref="S3DatasetMirror.GateBusy"/> (a static hook) never run in parallel.</summary>
[CollectionDefinition(nameof(MirrorGateHook), DisableParallelization = true)]
public sealed class MirrorGateHook;
