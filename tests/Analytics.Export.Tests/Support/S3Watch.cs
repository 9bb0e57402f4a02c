using System.Buffers.Binary;
using System.Net;
using Amazon.S3;
using Analytics.DuckDb;

namespace Analytics.Export.Tests.Support;

/// <summary>
/// A reader that globs <c>&lt;table&gt;/**</c> on S3, watching a dataset while runs write it (and get killed): it lists
/// the dataset every ~75 ms and records each object under a table prefix that such a reader must never see: a key that
/// is not a <c>.parquet</c> file (staged, temporary), or a <c>.parquet</c> object that is not a whole Parquet file when
/// fetched (each new key and ETag is fetched once and read back with DuckDB).
/// </summary>
internal sealed class S3Watch : IAsyncDisposable
{
    private readonly S3rverHost _s3;
    private readonly string _dataset;
    private readonly string _folder;
    private readonly CancellationTokenSource _stop = new();
    private readonly HashSet<string> _fetched = new(StringComparer.Ordinal);
    private readonly Task _loop;

    private S3Watch(S3rverHost s3, string dataset, string folder)
    {
        _s3 = s3;
        _dataset = dataset;
        _folder = folder;
        _loop = Task.Run(() => WatchAsync(_stop.Token));
    }

    /// <summary>What a globbing reader saw that it must not have (key and why).</summary>
    public List<string> Violations { get; } = [];

    /// <summary>Listings made.</summary>
    public int Lists { get; private set; }

    /// <summary>Parquet objects under a table prefix fetched and read back whole.</summary>
    public int WholeFiles { get; private set; }

    /// <param name="folder">Where fetched objects are put to be read back (a scratch folder of the test's).</param>
    public static S3Watch Start(S3rverHost s3, string dataset, string folder) => new(s3, dataset, Directory.CreateDirectory(folder).FullName);

    /// <summary>Stops watching (after one last listing) and returns once the loop has ended.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }

    private async Task WatchAsync(CancellationToken stop)
    {
        using var database = DuckDbDatabase.Open();
        using var connection = database.Connect();
        var prefix = S3rverHost.Prefix(_dataset);
        var last = false;
        while (!last)
        {
            last = stop.IsCancellationRequested;
            if (await ListAsync() is not { } objects)
            {
                // s3rver lists a folder, then stats each file: one deleted or renamed in between fails the listing with
                // 500 InternalError, which S3 documents as "retry". Skip the round (the last one is retried).
                last = false;
                await Task.Delay(TimeSpan.FromMilliseconds(75), CancellationToken.None);
                continue;
            }
            foreach (var entry in objects)
            {
                var relative = entry.Key[prefix.Length..];
                if (relative.StartsWith('_'))
                {
                    continue; // _manifest/, _staging/, _quarantine/: no table's
                }
                if (!relative.EndsWith(".parquet", StringComparison.Ordinal))
                {
                    Violations.Add($"{relative}: not a Parquet file, under a table prefix");
                }
                else if (_fetched.Add(relative + " " + entry.ETag) && await FetchAsync(entry.Key) is { } bytes)
                {
                    CheckWhole(connection, relative, bytes);
                }
            }
            Lists++;
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(75), stop);
            }
            catch (OperationCanceledException)
            {
                // one more listing, after the last run has ended
            }
        }
    }

    /// <summary>Listings that failed with a server error (and were made again).</summary>
    public int ServerErrors { get; private set; }

    private async Task<IReadOnlyList<Amazon.S3.Model.S3Object>?> ListAsync()
    {
        try
        {
            return await _s3.ObjectsAsync(_dataset, CancellationToken.None);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.InternalServerError)
        {
            ServerErrors++;
            return null;
        }
    }

    /// <summary>The object's bytes, or null when it is gone since the listing (a compaction or rewrite removed it).</summary>
    private async Task<byte[]?> FetchAsync(string key)
    {
        try
        {
            using var response = await _s3.Client.GetObjectAsync(S3rverHost.Bucket, key);
            using var memory = new MemoryStream();
            await response.ResponseStream.CopyToAsync(memory);
            return memory.ToArray();
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    private void CheckWhole(DuckDbConnection connection, string relative, byte[] bytes)
    {
        // A Parquet file starts and ends with PAR1, its footer length just before the last magic.
        var footer = bytes.Length >= 12 ? BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(bytes.Length - 8, 4)) : -1;
        if (bytes.Length < 12 || !bytes.AsSpan(0, 4).SequenceEqual("PAR1"u8) || !bytes.AsSpan(bytes.Length - 4).SequenceEqual("PAR1"u8)
            || footer <= 0 || footer > bytes.Length - 12)
        {
            Violations.Add($"{relative}: {bytes.Length} bytes, not a whole Parquet file");
            return;
        }
        var path = Path.Combine(_folder, $"{WholeFiles}.parquet");
        File.WriteAllBytes(path, bytes);
        try
        {
            connection.ExecuteScalar($"SELECT count(*) FROM read_parquet({DuckDbSql.Literal(path)})");
            WholeFiles++;
        }
        catch (DuckDbException e)
        {
            Violations.Add($"{relative}: unreadable: {e.Message}");
        }
        finally
        {
            File.Delete(path);
        }
    }
}
