using System.Diagnostics;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace Analytics.Export.Tests.Support;

/// <summary>
/// s3rver (npm, pinned in tests/s3/package-lock.json: a real S3 implementation nobody here wrote) on a free loopback
/// port, with one bucket; it accepts the keys test/test and demo/demo the tests sign with.
/// </summary>
public sealed class S3rverHost : IAsyncLifetime
{
    public const string Bucket = "datasets";

    private readonly TempFolder _temp = new();
    private Process? _process;

    internal Uri Url { get; private set; } = null!;

    internal IAmazonS3 Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var folder = Path.Combine(RepositoryRoot(), "tests", "s3");
        if (!Directory.Exists(Path.Combine(folder, "node_modules", "s3rver")))
        {
            using var npm = Process.Start(new ProcessStartInfo("npm", "ci --no-audit --no-fund") { WorkingDirectory = folder })!;
            await npm.WaitForExitAsync();
            Assert.True(npm.ExitCode == 0, "npm ci in tests/s3 failed");
        }
        var info = new ProcessStartInfo("node") { WorkingDirectory = folder, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in new[] { "start-s3rver.mjs", _temp.Sub("objects"), Bucket })
        {
            info.ArgumentList.Add(argument);
        }
        _process = Process.Start(info)!;
        var line = await _process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(line?.StartsWith("listening on ", StringComparison.Ordinal) == true, "s3rver did not start: " + line);
        Url = new Uri(line!["listening on ".Length..]);
        Client = For(Url);
    }

    /// <summary>An S3 client (keys test/test, path-style) for the S3 server at <paramref name="url"/>.</summary>
    internal static IAmazonS3 For(Uri url) => new AmazonS3Client(new BasicAWSCredentials("test", "test"), new AmazonS3Config
    {
        ServiceURL = url.ToString(),
        AuthenticationRegion = "us-east-1",
        ForcePathStyle = true,
        RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
        ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
    });

    /// <summary>A fresh dataset location in the bucket.</summary>
    internal static string NewDataset(string name) => $"s3://{Bucket}/{name}-{Guid.NewGuid():N}";

    /// <summary>The export options that point an <c>s3://</c> out at this server.</summary>
    internal string[] Options => ["--s3-endpoint-url", Url.ToString()];

    /// <summary>Every key under a dataset (relative to it).</summary>
    internal async Task<List<string>> KeysAsync(string dataset) =>
        (await ObjectsAsync(dataset)).Select(o => o.Key[Prefix(dataset).Length..]).ToList();

    /// <summary>Every object under a dataset, as ListObjectsV2 lists them (full keys).</summary>
    internal async Task<List<S3Object>> ObjectsAsync(string dataset, CancellationToken cancellationToken = default)
    {
        var objects = new List<S3Object>();
        var request = new ListObjectsV2Request { BucketName = Bucket, Prefix = Prefix(dataset) };
        while (true)
        {
            var page = await Client.ListObjectsV2Async(request, cancellationToken);
            objects.AddRange(page.S3Objects ?? []);
            if (page.IsTruncated != true)
            {
                return objects;
            }
            request.ContinuationToken = page.NextContinuationToken;
        }
    }

    /// <summary>A dataset's key prefix in the bucket (with its trailing slash).</summary>
    internal static string Prefix(string dataset) => dataset[$"s3://{Bucket}/".Length..].TrimEnd('/') + "/";

    /// <summary>Downloads a whole dataset into a local folder, to read it as a reader that globs would.</summary>
    internal async Task DownloadAsync(string dataset, string folder)
    {
        var prefix = Prefix(dataset);
        foreach (var key in await KeysAsync(dataset))
        {
            var path = Path.Combine(folder, key);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            using var response = await Client.GetObjectAsync(Bucket, prefix + key);
            await using var file = File.Create(path);
            await response.ResponseStream.CopyToAsync(file);
        }
    }

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        if (_process is { HasExited: false })
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
        _process?.Dispose();
        _temp.Dispose();
    }

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Analytics.sln")))
        {
            folder = folder.Parent;
        }
        return folder?.FullName ?? throw new InvalidOperationException("no Analytics.sln above " + AppContext.BaseDirectory);
    }
}
