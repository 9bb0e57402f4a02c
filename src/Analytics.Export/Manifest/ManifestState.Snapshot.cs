using System.Text;
using System.Text.Json;

namespace Analytics.Export.Manifest;

// The compacted snapshot (DIR/_manifest/snapshot.bin): the folded state of many commit records in one file, so the
// manifest does not keep one record per chunk forever. Layout: a magic line, a length-prefixed JSON header (the names
// of the records it folds, the RUNNING set, watermarks, group files, commit count), the exported-executions table in
// binary (ARNs are not kept, only their hashes), and an end marker. Version 2 stores the table's 16-byte slots; version 1
// snapshots (24-byte entries) are still read. A build that knows only v1 refuses a v2 snapshot as not valid.
public sealed partial class ManifestState
{
    private static readonly byte[] s_magic = "analytics-manifest-snapshot v2\n"u8.ToArray();
    private static readonly byte[] s_magicV1 = "analytics-manifest-snapshot v1\n"u8.ToArray();
    private const uint EndMarker = 0x454E4421; // "END!"

    private sealed record SnapshotHeader(
        List<string> Records, List<RunningExecution> Running, Dictionary<string, DateTimeOffset> Watermarks,
        Dictionary<string, List<string>> GroupFiles, int CommitCount, Dictionary<string, FileStat>? FileStats = null,
        List<PendingFetch>? Pending = null, Dictionary<string, List<string>>? LateChunks = null,
        Dictionary<string, List<string>>? Merged = null); // absent from older snapshots

    /// <summary>
    /// Writes this state as a snapshot to <paramref name="stream"/>; <paramref name="records"/> names the record files
    /// still present that it folds (a loader skips them should deleting them not have happened yet).
    /// </summary>
    internal void WriteSnapshot(Stream stream, IEnumerable<string> records)
    {
        if (WithoutExecutions)
        {
            throw new InvalidOperationException("A manifest loaded without its exported executions cannot be written as a snapshot.");
        }
        lock (_lock)
        {
            using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
            writer.Write(s_magic);
            var header = new SnapshotHeader(
                records.Order(StringComparer.Ordinal).ToList(), Running.Values.ToList(), Watermarks, GroupFiles, CommitCount, FileStats,
                Pending.Values.SelectMany(p => p).ToList(), LateChunks,
                _merged.ToDictionary(m => m.Key, m => m.Value.Order(StringComparer.Ordinal).ToList(), StringComparer.Ordinal));
            var json = JsonSerializer.SerializeToUtf8Bytes(header, JsonOptions);
            writer.Write(json.Length);
            writer.Write(json);
            Executions.WriteTo(writer);
            writer.Write(EndMarker);
        }
    }

    private void ReadSnapshot(string file, bool filesOnly)
    {
        try
        {
            using var reader = new BinaryReader(File.OpenRead(file), Encoding.UTF8);
            var magic = reader.ReadBytes(s_magic.Length);
            var version = magic.AsSpan().SequenceEqual(s_magic) ? 2 : magic.AsSpan().SequenceEqual(s_magicV1) ? 1
                : magic.AsSpan().StartsWith(s_magic.AsSpan(0, s_magic.Length - 2))
                    ? throw new ManifestDamagedException(file, $"snapshot format {Encoding.ASCII.GetString(magic).Trim()} is newer than this build reads (v1, v2)", null, newerFormat: true)
                    : throw new InvalidDataException("not a manifest snapshot");
            var json = reader.ReadBytes(reader.ReadInt32());
            if (filesOnly)
            {
                ReadFilesHeader(json);
                return;
            }
            var header = JsonSerializer.Deserialize<SnapshotHeader>(json, JsonOptions) ?? throw new InvalidDataException("empty header");
            if (!WithoutExecutions)
            {
                Executions.ReadFrom(reader, version);
                if (reader.ReadUInt32() != EndMarker)
                {
                    throw new InvalidDataException("no end marker");
                }
            }
            foreach (var running in header.Running)
            {
                Running[running.Arn] = running;
            }
            foreach (var (key, value) in header.Watermarks)
            {
                Watermarks[key] = value;
            }
            foreach (var part in header.Pending ?? [])
            {
                AddPending(part);
            }
            foreach (var (top, chunks) in header.LateChunks ?? [])
            {
                LateChunks[top] = chunks;
            }
            foreach (var (target, sources) in header.Merged ?? [])
            {
                AddMerge(target, sources);
            }
            FoldFiles(header.Records, header.GroupFiles, header.FileStats, header.CommitCount);
        }
        catch (Exception e) when (e is EndOfStreamException or JsonException or InvalidDataException or ArgumentOutOfRangeException or OverflowException or DecoderFallbackException)
        {
            throw new ManifestDamagedException(file, $"the manifest snapshot is not valid ({e.Message})", e);
        }
    }

    /// <summary>
    /// The header's records, group files, file stats and commit count, read by hand: a query session is a short process,
    /// and starting the serializer was most of its manifest load. <see cref="SnapshotHeader"/> writes them before the
    /// pending parts, late chunks and merges (most of the header at 1M executions: ~2.5 MB), so the read stops once it
    /// has them and leaves those unparsed; in any other order they are still found.
    /// </summary>
    private void ReadFilesHeader(byte[] json)
    {
        var reader = new Utf8JsonReader(json);
        Expect(ref reader, JsonTokenType.StartObject);
        List<string>? records = null;
        Dictionary<string, List<string>>? groupFiles = null;
        Dictionary<string, FileStat>? stats = null;
        int? commitCount = null;
        while ((records is null || groupFiles is null || stats is null || commitCount is null)
            && reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var member = reader.ValueTextEquals("records"u8) ? 1 : reader.ValueTextEquals("groupFiles"u8) ? 2
                : reader.ValueTextEquals("fileStats"u8) ? 3 : reader.ValueTextEquals("commitCount"u8) ? 4 : 0;
            reader.Read();
            if (member == 0 || reader.TokenType == JsonTokenType.Null)
            {
                reader.Skip();
                continue;
            }
            switch (member)
            {
                case 1:
                    records = Strings(ref reader);
                    break;
                case 2:
                    groupFiles = new(StringComparer.Ordinal);
                    ForEachMember(ref reader, (ref Utf8JsonReader r, string group) => groupFiles[group] = Strings(ref r));
                    break;
                case 3:
                    stats = new(StringComparer.Ordinal);
                    ForEachMember(ref reader, (ref Utf8JsonReader r, string path) => stats[path] = Stat(ref r));
                    break;
                default:
                    commitCount = reader.GetInt32();
                    break;
            }
        }
        FoldFiles(records ?? throw new InvalidDataException("no records"), groupFiles ?? throw new InvalidDataException("no groupFiles"),
            stats, commitCount ?? 0);
    }

    private delegate void MemberReader(ref Utf8JsonReader reader, string name);

    private static void ForEachMember(ref Utf8JsonReader reader, MemberReader read)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new InvalidDataException($"an object expected, not {reader.TokenType}");
        }
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            reader.Read();
            read(ref reader, name);
        }
    }

    private static List<string> Strings(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new InvalidDataException($"an array expected, not {reader.TokenType}");
        }
        var values = new List<string>();
        while (reader.Read() && reader.TokenType == JsonTokenType.String)
        {
            values.Add(reader.GetString()!);
        }
        return values;
    }

    /// <summary>A <see cref="FileStat"/> as the serializer wrote it (camelCase members).</summary>
    private static FileStat Stat(ref Utf8JsonReader reader)
    {
        long bytes = 0, rows = 0;
        bool? accountRegion = null;
        ForEachMember(ref reader, (ref Utf8JsonReader r, string name) =>
        {
            switch (name)
            {
                case "bytes":
                    bytes = r.GetInt64();
                    break;
                case "rows":
                    rows = r.GetInt64();
                    break;
                case "accountRegion":
                    accountRegion = r.TokenType == JsonTokenType.Null ? null : r.GetBoolean();
                    break;
                default:
                    r.Skip();
                    break;
            }
        });
        return new FileStat(bytes, rows, accountRegion);
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType token)
    {
        if (!reader.Read() || reader.TokenType != token)
        {
            throw new InvalidDataException("the header is not a JSON object");
        }
    }

    private void FoldFiles(List<string> records, Dictionary<string, List<string>> groupFiles, Dictionary<string, FileStat>? stats, int commitCount)
    {
        foreach (var (group, files) in groupFiles)
        {
            GroupFiles[group] = files;
            foreach (var path in files)
            {
                _groupOfPath[path] = group;
            }
        }
        foreach (var (path, stat) in stats ?? [])
        {
            FileStats[path] = stat;
        }
        _recordNames.UnionWith(records);
        CommitCount = commitCount;
    }
}
