using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Amazon.S3;
using Analytics.Export.Manifest;

namespace Analytics.Export.Storage;

/// <param name="Root">The local folder holding the mirrored dataset (what the local commands read).</param>
/// <param name="Unlisted">Objects under the dataset's table prefixes that its manifest does not list (a reader that
/// globs would see them): a damaged dataset.</param>
/// <param name="Downloaded">Objects downloaded by this sync (the others were unchanged), and their bytes.</param>
public sealed record S3Mirror(string Root, IReadOnlyList<string> Unlisted, int Files, int Downloaded, long DownloadedBytes) : IDisposable
{
    /// <summary>The mirror's gate held shared while the command reads: another command's sync waits for it rather
    /// than delete or replace files under this one's queries.</summary>
    internal FileStream? Reading { get; init; }

    public void Dispose() => Reading?.Dispose();
}

/// <summary>
/// A read-only local mirror of an <c>s3://</c> dataset for the commands that read one (query, report, verify): DuckDB
/// reads local files only here (no httpfs). Downloads the manifest (<c>_manifest/</c>, not the locks) and then the files
/// it lists, each only when missing or changed (its ETag and size against those recorded at its last download), and
/// deletes mirrored files S3 no longer has; staged objects and the quarantine are never downloaded. The folder is
/// <c>&lt;cache&gt;/&lt;hash of endpoint and location&gt;/data</c>, its ETag index <c>objects.json</c> beside it.
/// </summary>
public static class S3DatasetMirror
{
    private const string IndexFile = "objects.json";

    /// <summary>The mirror's folder of a dataset under a cache folder (one per endpoint and location).</summary>
    public static string FolderOf(string cacheFolder, S3Location location, Uri? endpoint)
    {
        ArgumentNullException.ThrowIfNull(location);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(endpoint + " " + location)))[..16];
        return Path.Combine(Path.GetFullPath(cacheFolder), hash);
    }

    /// <exception cref="DatasetLocationException">There is no dataset there (no manifest object).</exception>
    public static S3Mirror Sync(IAmazonS3 s3, S3Location location, string folder)
    {
        ArgumentNullException.ThrowIfNull(location);
        var objects = new S3Objects(s3, location);
        var root = Path.Combine(folder, "data");
        Directory.CreateDirectory(root);
        // One sync at a time per mirror, and none while another command reads it; the OS releases it if this process dies.
        var gatePath = Path.Combine(folder, ".lock");
        S3Mirror mirror;
        using (TakeGate(gatePath, location, exclusive: true))
        {
            mirror = SyncLocked(objects, location, folder, root);
        }
        // Another sync may run in between: it leaves a whole mirror too, and this command reads that one.
        return mirror with { Reading = TakeGate(gatePath, location, exclusive: false) };
    }

    private static S3Mirror SyncLocked(S3Objects objects, S3Location location, string folder, string root)
    {
        var remote = objects.List("").Where(o => !o.Relative.StartsWith("_manifest/locks/", StringComparison.Ordinal))
            .ToDictionary(o => o.Relative, StringComparer.Ordinal);
        var manifest = remote.Values.Where(o => o.Relative.StartsWith("_manifest/", StringComparison.Ordinal)).ToList();
        if (manifest.Count == 0)
        {
            throw new DatasetLocationException($"{location} is not an exported dataset (no _manifest/ objects under it)", DatasetLocationException.NotADataset);
        }
        var index = ReadIndex(Path.Combine(folder, IndexFile));
        var sync = new Downloads(objects, root, index);
        sync.Fetch(manifest);
        Remove(root, index, path => path.StartsWith("_manifest/", StringComparison.Ordinal) && !path.StartsWith("_manifest/locks/", StringComparison.Ordinal)
            && !remote.ContainsKey(path));
        ManifestState? state;
        try
        {
            state = DatasetStore.LoadCommittedFiles(root);
        }
        catch (ManifestDamagedException)
        {
            state = null; // verify reports it from the mirrored manifest; the files cannot be told apart without it
        }
        var listed = state?.Files.Keys.ToHashSet(StringComparer.Ordinal) ?? [];
        sync.Fetch(remote.Values.Where(o => listed.Contains(o.Relative)));
        // A listed file S3 no longer has goes too: verify then reports it missing, as on disk.
        Remove(root, index, path => !path.StartsWith('_') && !(listed.Contains(path) && remote.ContainsKey(path)));
        File.WriteAllText(Path.Combine(folder, IndexFile), JsonSerializer.Serialize(index));
        var unlisted = state is null ? [] : remote.Keys.Where(k => !k.StartsWith('_') && !listed.Contains(k)).Order(StringComparer.Ordinal).ToList();
        return new S3Mirror(root, unlisted, listed.Count, sync.Downloaded, sync.Bytes);
    }

    private sealed record Entry(string ETag, long Size);

    private sealed class Downloads(S3Objects objects, string root, Dictionary<string, Entry> index)
    {
        public int Downloaded { get; private set; }

        public long Bytes { get; private set; }

        public void Fetch(IEnumerable<RemoteObject> wanted)
        {
            foreach (var o in wanted)
            {
                var path = Path.Combine(root, o.Relative);
                var info = new FileInfo(path);
                if (info.Exists && info.Length == o.Size && index.TryGetValue(o.Relative, out var known) && known == new Entry(o.ETag, o.Size))
                {
                    continue;
                }
                index.Remove(o.Relative); // until the download is whole
                objects.Download(o.Relative, path);
                index[o.Relative] = new Entry(o.ETag, o.Size);
                Downloaded++;
                Bytes += o.Size;
            }
        }
    }

    /// <summary>Deletes mirrored files (relative paths matching <paramref name="stale"/>) and their index entries.</summary>
    private static void Remove(string root, Dictionary<string, Entry> index, Func<string, bool> stale)
    {
        foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(root, file).Replace('\\', '/');
            if (stale(relative))
            {
                File.Delete(file);
                index.Remove(relative);
            }
        }
    }

    private static Dictionary<string, Entry> ReadIndex(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, Entry>>(File.ReadAllText(path)) ?? [];
        }
        catch (Exception e) when (e is IOException or JsonException)
        {
            return []; // none yet, or torn: every file is checked by downloading it again
        }
    }

    /// <exception cref="DatasetLocationException">Other commands have held the mirror for a minute.</exception>
    private static FileStream TakeGate(string path, S3Location location, bool exclusive)
    {
        try
        {
            return FileLock.Take(path, exclusive, waits: 600, GateBusy);
        }
        catch (IOException e) when (FileLock.IsHeld(e))
        {
            throw new DatasetLocationException(string.Create(CultureInfo.InvariantCulture,
                $"{location}: its mirror {Path.GetDirectoryName(path)} has been in use by another command for 60 s; try again, or give this one another --cache-dir"),
                DatasetLocationException.Unreadable, e);
        }
    }

    /// <summary>Tests only: called each time the mirror's gate is found held, before waiting for it.</summary>
    internal static Action<int>? GateBusy { get; set; }
}

/// <summary>A dataset location that cannot be read: one line for the user and the command's exit code.</summary>
public sealed class DatasetLocationException(string message, int exitCode, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>No dataset there, or a malformed location (exit 2, as for a local folder that is not a dataset).</summary>
    public const int NotADataset = 2;

    /// <summary>S3 cannot be read: no such bucket, access denied, endpoint unreachable (exit 3).</summary>
    public const int Unreadable = 3;

    public int ExitCode { get; } = exitCode;

    /// <summary>Wraps what the S3 client throws as one line naming the location.</summary>
    public static DatasetLocationException From(S3Location location, Exception e) => e switch
    {
        AmazonS3Exception s3 => new(string.Create(CultureInfo.InvariantCulture,
            $"{location}: S3 answered {(int)s3.StatusCode} {s3.ErrorCode}: {s3.Message}"), Unreadable, e),
        _ => new($"{location}: cannot reach S3: {(e.InnerException ?? e).Message}", Unreadable, e),
    };
}
