using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Analytics.Export.Manifest;
using Analytics.Export.Storage;
using Analytics.Export.Tests.Support;

namespace Analytics.Export.Tests.S3;

/// <summary>Applying a commit record on S3 (against s3rver) as a reader that globs a table's prefix sees it.</summary>
public sealed class S3ApplyOrderTests(S3rverHost s3) : IClassFixture<S3rverHost>
{
    [Fact]
    public async Task Applying_a_compaction_never_shows_a_globbing_reader_the_merged_file_beside_the_files_it_replaces()
    {
        var location = Analytics.Export.Storage.S3Location.Parse(S3rverHost.NewDataset("apply"));
        const string partition = "executions/date=2026-11-20/";
        foreach (var key in new[] { partition + "a.parquet", partition + "b.parquet", "_staging/all/r-000001/" + partition + "merged.parquet" })
        {
            await s3.Client.PutObjectAsync(new PutObjectRequest { BucketName = S3rverHost.Bucket, Key = location.Key(key), ContentBody = "PAR1", UseChunkEncoding = false });
        }
        var client = new ListingClient(s3.Url, location.Key(partition));
        using var storage = new S3DatasetStorage(client, location, TimeSpan.FromMinutes(1));

        storage.Apply(new CommitRecord
        {
            RunId = "r",
            Seq = 1,
            Shard = "all",
            Adds = [new FileMove("_staging/all/r-000001/" + partition + "merged.parquet", partition + "merged.parquet", "r")],
            Removes = [partition + "a.parquet", partition + "b.parquet"],
        });

        // After each write or delete under the partition, what a reader listing it sees: the merged file never beside an old one.
        Assert.NotEmpty(client.Seen);
        Assert.All(client.Seen, files => Assert.False(files.Contains("merged.parquet") && files.Count > 1, string.Join(", ", files)));
        Assert.Equal(["merged.parquet"], client.Seen[^1]);
    }

    /// <summary>The SDK's client against s3rver that lists the partition after each object it puts, copies or deletes.</summary>
    private sealed class ListingClient(Uri url, string partitionKey) : AmazonS3Client(new BasicAWSCredentials("test", "test"), new AmazonS3Config
    {
        ServiceURL = url.ToString(),
        AuthenticationRegion = "us-east-1",
        ForcePathStyle = true,
        RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
        ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
    })
    {
        public List<List<string>> Seen { get; } = [];

        public override async Task<PutObjectResponse> PutObjectAsync(PutObjectRequest request, CancellationToken cancellationToken = default)
        {
            var response = await base.PutObjectAsync(request, cancellationToken);
            await ListAsync(request.Key);
            return response;
        }

        public override async Task<CopyObjectResponse> CopyObjectAsync(CopyObjectRequest request, CancellationToken cancellationToken = default)
        {
            var response = await base.CopyObjectAsync(request, cancellationToken);
            await ListAsync(request.DestinationKey);
            return response;
        }

        public override async Task<DeleteObjectResponse> DeleteObjectAsync(string bucketName, string key, CancellationToken cancellationToken = default)
        {
            var response = await base.DeleteObjectAsync(bucketName, key, cancellationToken);
            await ListAsync(key);
            return response;
        }

        private async Task ListAsync(string key)
        {
            if (key.StartsWith(partitionKey, StringComparison.Ordinal))
            {
                var page = await ListObjectsV2Async(new ListObjectsV2Request { BucketName = S3rverHost.Bucket, Prefix = partitionKey });
                Seen.Add([.. (page.S3Objects ?? []).Select(o => o.Key[partitionKey.Length..]).Order(StringComparer.Ordinal)]);
            }
        }
    }
}
