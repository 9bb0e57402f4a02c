using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Analytics.Export.Manifest;

// The compacted snapshot (DIR/_manifest/snapshot.bin): the folded state of many commit records in one file, so the
// manifest does not keep one record per chunk forever. Layout: a magic line, a length-prefixed JSON header (the names
// of the records it folds, the RUNNING set, watermarks, group files, commit count), the exported-executions table in
// binary (ARNs are not kept, only their hashes), and an end marker.
public sealed partial class ManifestState
{
    private static readonly byte[] s_magic = "analytics-manifest-snapshot v1\n"u8.ToArray();
    private const uint EndMarker = 0x454E4421; // "END!"

    private sealed record SnapshotHeader(
        List<string> Records, List<RunningExecution> Running, Dictionary<string, DateTimeOffset> Watermarks,
        Dictionary<string, List<string>> GroupFiles, int CommitCount, Dictionary<string, FileStat>? FileStats = null,
        List<PendingFetch>? Pending = null, Dictionary<string, List<string>>? LateChunks = null,
        Dictionary<string, List<string>>? Merged = null); // absent from older snapshots

    // The header members a files-only load (the query layer's, at every session start) takes, source-generated so a
    // short-lived process builds no serializer by reflection.
    [JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
    [JsonSerializable(typeof(List<string>))]
    [JsonSerializable(typeof(Dictionary<string, List<string>>))]
    [JsonSerializable(typeof(Dictionary<string, FileStat>))]
    private sealed partial class FilesHeaderContext : JsonSerializerContext;

    /// <summary>
    /// Writes this state as a snapshot to <paramref name="stream"/>; <paramref name="records"/> names the record files
    /// still present that it folds (a loader skips them should deleting them not have happened yet).
    /// </summary>
    internal void WriteSnapshot(Stream stream, IEnumerable<string> records)
    {
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
            if (!reader.ReadBytes(s_magic.Length).AsSpan().SequenceEqual(s_magic))
            {
                throw new InvalidDataException("not a manifest snapshot");
            }
            var json = reader.ReadBytes(reader.ReadInt32());
            if (filesOnly)
            {
                ReadFilesHeader(json);
                return;
            }
            var header = JsonSerializer.Deserialize<SnapshotHeader>(json, JsonOptions) ?? throw new InvalidDataException("empty header");
            Executions.ReadFrom(reader);
            if (reader.ReadUInt32() != EndMarker)
            {
                throw new InvalidDataException("no end marker");
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
    /// The header's records, group files, file stats and commit count. <see cref="SnapshotHeader"/> writes them before
    /// the pending parts, late chunks and merges (most of the header at 1M executions: ~2.5 MB), so the read stops
    /// once it has them and leaves those unparsed; in any other order they are still found.
    /// </summary>
    private void ReadFilesHeader(byte[] json)
    {
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new InvalidDataException("the header is not a JSON object");
        }
        var context = FilesHeaderContext.Default;
        List<string>? records = null;
        Dictionary<string, List<string>>? groupFiles = null;
        Dictionary<string, FileStat>? stats = null;
        int? commitCount = null;
        while ((records is null || groupFiles is null || stats is null || commitCount is null)
            && reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("records"u8) && reader.Read())
            {
                records = JsonSerializer.Deserialize(ref reader, context.ListString);
            }
            else if (reader.ValueTextEquals("groupFiles"u8) && reader.Read())
            {
                groupFiles = JsonSerializer.Deserialize(ref reader, context.DictionaryStringListString);
            }
            else if (reader.ValueTextEquals("fileStats"u8) && reader.Read())
            {
                stats = JsonSerializer.Deserialize(ref reader, context.DictionaryStringFileStat);
            }
            else if (reader.ValueTextEquals("commitCount"u8) && reader.Read())
            {
                commitCount = reader.GetInt32();
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        FoldFiles(records ?? throw new InvalidDataException("no records"), groupFiles ?? throw new InvalidDataException("no groupFiles"),
            stats, commitCount ?? 0);
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
