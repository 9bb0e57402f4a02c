using System.Text.Json;

namespace Analytics.Export.Manifest;

/// <summary>
/// What the committed records say, folded in commit order: exported executions (with redrive count and chunk), the
/// RUNNING set, watermarks and the files of every chunk/snapshot group.
/// </summary>
/// <remarks>
/// The export's writer applies records while its listers look executions up: listers use the locked queries
/// (<see cref="IsExported"/>, <see cref="IsRunning"/>, <see cref="RunningOf"/>, <see cref="TryGetWatermark"/>); the
/// collections themselves are for the writer's thread and for single-threaded use.
/// </remarks>
public sealed partial class ManifestState
{
    private readonly Dictionary<string, string> _groupOfPath = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public ExportedExecutions Executions { get; } = new();

    /// <summary>
    /// Loaded without <see cref="Executions"/> (left empty; records apply everything else): for partition compaction,
    /// which never reads them. Such a state cannot be written as a snapshot.
    /// </summary>
    public bool WithoutExecutions { get; private init; }

    public Dictionary<string, RunningExecution> Running { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, DateTimeOffset> Watermarks { get; } = new(StringComparer.Ordinal);

    /// <summary>Parts of exported executions' Map Run units still to fetch, by top-level execution ARN.</summary>
    public Dictionary<string, List<PendingFetch>> Pending { get; } = new(StringComparer.Ordinal);

    /// <summary>Chunks holding rows of a top-level execution besides its own (its pending parts, fetched late).</summary>
    public Dictionary<string, List<string>> LateChunks { get; } = new(StringComparer.Ordinal);

    /// <summary>Files (relative paths) per chunk or snapshot group.</summary>
    public Dictionary<string, List<string>> GroupFiles { get; } = new(StringComparer.Ordinal);

    /// <summary>Every committed file (relative path) and its group: what the dataset is (SPEC §5).</summary>
    public IReadOnlyDictionary<string, string> Files => _groupOfPath;

    /// <summary>Size and row count of the committed files whose records kept them.</summary>
    public Dictionary<string, FileStat> FileStats { get; } = new(StringComparer.Ordinal);

    public int CommitCount { get; private set; }

    /// <summary>Merged (compacted) groups: each one's source groups, whose rows its files now hold.</summary>
    public IReadOnlyDictionary<string, HashSet<string>> Merged => _merged;

    private readonly Dictionary<string, HashSet<string>> _merged = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _mergedInto = new(StringComparer.Ordinal);

    /// <summary>Names (<c>&lt;run-id&gt;-&lt;seq&gt;</c>) of the commit records folded into this state, snapshot included.</summary>
    public IReadOnlySet<string> RecordNames => _recordNames;

    private readonly HashSet<string> _recordNames = new(StringComparer.Ordinal);

    internal static JsonSerializerOptions JsonOptions { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = false,
    };

    /// <summary>
    /// Folds the compacted snapshot (when there is one), then every record under <paramref name="commitsFolder"/> it
    /// does not already hold, in name order (run ids sort by start time).
    /// </summary>
    /// <param name="filesOnly">Take only the snapshot's files and their stats, not its exported executions, RUNNING set,
    /// watermarks, pending parts or merges (the query layer needs only the files).</param>
    /// <param name="executions">False: everything but the exported executions (<see cref="WithoutExecutions"/>).</param>
    public static ManifestState Load(string commitsFolder, string? snapshotFile = null, bool filesOnly = false, bool executions = true)
    {
        var state = new ManifestState { WithoutExecutions = !executions };
        if (snapshotFile is not null && File.Exists(snapshotFile))
        {
            state.ReadSnapshot(snapshotFile, filesOnly);
        }
        if (!Directory.Exists(commitsFolder))
        {
            return state;
        }
        foreach (var file in Directory.EnumerateFiles(commitsFolder, "*.json").Order(StringComparer.Ordinal))
        {
            if (!state._recordNames.Contains(Path.GetFileNameWithoutExtension(file)))
            {
                state.Apply(Read(file));
            }
        }
        return state;
    }

    public static CommitRecord Read(string file) => Read(File.ReadAllBytes(file), file);

    /// <summary>A commit record's bytes (<paramref name="name"/> for messages).</summary>
    public static CommitRecord Read(byte[] bytes, string name)
    {
        var file = name;
        try
        {
            return JsonSerializer.Deserialize<CommitRecord>(bytes, JsonOptions)
                ?? throw new ManifestDamagedException(file, "empty commit record", null);
        }
        catch (JsonException e)
        {
            throw new ManifestDamagedException(file, $"the commit record is not valid ({e.Message})", e);
        }
    }

    /// <summary>True when the execution was exported with at least this redrive count (thread-safe).</summary>
    public bool IsExported(string arn, int redriveCount)
    {
        lock (_lock)
        {
            return Executions.TryGetValue(arn, out var exported) && exported.RedriveCount >= redriveCount;
        }
    }

    /// <summary>True when the execution is in the RUNNING set (thread-safe).</summary>
    public bool IsRunning(string arn)
    {
        lock (_lock)
        {
            return Running.ContainsKey(arn);
        }
    }

    /// <summary>The RUNNING executions listed under one state machine or function (thread-safe snapshot).</summary>
    public List<RunningExecution> RunningOf(string source)
    {
        lock (_lock)
        {
            return Running.Values.Where(r => r.Source == source).ToList();
        }
    }

    /// <summary>The watermark of a state machine or function (thread-safe).</summary>
    public bool TryGetWatermark(string source, out DateTimeOffset watermark)
    {
        lock (_lock)
        {
            return Watermarks.TryGetValue(source, out watermark);
        }
    }

    /// <summary>Every pending part, grouped by top-level execution (thread-safe snapshot).</summary>
    public List<List<PendingFetch>> PendingUnits()
    {
        lock (_lock)
        {
            return Pending.Values.Select(p => p.ToList()).ToList();
        }
    }

    /// <summary>True when the execution's unit has pending parts (thread-safe).</summary>
    public bool HasPending(string top)
    {
        lock (_lock)
        {
            return Pending.ContainsKey(top);
        }
    }

    /// <summary>The chunks besides its own that hold rows of a top-level execution (thread-safe snapshot).</summary>
    public List<string> LateChunksOf(string top)
    {
        lock (_lock)
        {
            return LateChunks.TryGetValue(top, out var chunks) ? chunks.ToList() : [];
        }
    }

    /// <summary>The files that hold rows of a group: its own and those of the merged groups it went into.</summary>
    public List<string> FilesHolding(string group)
    {
        var files = GroupFiles.TryGetValue(group, out var own) ? own.ToList() : [];
        if (_mergedInto.TryGetValue(group, out var merged))
        {
            files.AddRange(merged.Where(GroupFiles.ContainsKey).SelectMany(m => GroupFiles[m]));
        }
        return files;
    }

    /// <summary>True when a group's rows were merged into a compacted group (its own files may all be gone).</summary>
    public bool WasMerged(string group) => _mergedInto.ContainsKey(group);

    public void Apply(CommitRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        lock (_lock)
        {
            ApplyLocked(record);
        }
    }

    private void ApplyLocked(CommitRecord record)
    {
        foreach (var path in record.Removes)
        {
            FileStats.Remove(path);
            if (_groupOfPath.Remove(path, out var group) && GroupFiles.TryGetValue(group, out var files))
            {
                files.Remove(path);
                if (files.Count == 0)
                {
                    GroupFiles.Remove(group);
                }
            }
        }
        foreach (var add in record.Adds)
        {
            if (!GroupFiles.TryGetValue(add.Group, out var files))
            {
                GroupFiles[add.Group] = files = [];
            }
            if (_groupOfPath.TryAdd(add.Path, add.Group))
            {
                files.Add(add.Path);
            }
            SetStat(add);
        }
        foreach (var replace in record.Replaces)
        {
            SetStat(replace);
        }
        foreach (var (target, sources) in record.Merges)
        {
            AddMerge(target, sources);
        }
        if (record.ForgottenChunks.Count > 0 && !WithoutExecutions)
        {
            Executions.RemoveChunks(record.ForgottenChunks);
        }
        if (record.WatermarksCleared)
        {
            Watermarks.Clear();
        }
        foreach (var running in record.RunningAdded)
        {
            Running[running.Arn] = running;
        }
        foreach (var execution in record.Executions)
        {
            if (!WithoutExecutions)
            {
                Executions[execution.Arn] = (execution.RedriveCount, execution.Chunk);
            }
            Running.Remove(execution.Arn);
            // A re-export rewrote its late chunks along with its own (ChunkWriter), so they hold none of its rows now.
            LateChunks.Remove(execution.Arn);
        }
        foreach (var top in record.PendingResolved)
        {
            Pending.Remove(top);
        }
        foreach (var part in record.PendingAdded)
        {
            AddPending(part);
        }
        foreach (var top in record.LateRows)
        {
            if (!LateChunks.TryGetValue(top, out var chunks))
            {
                LateChunks[top] = chunks = [];
            }
            chunks.Add(DatasetStore.CommitName(record.RunId, record.Seq));
        }
        foreach (var arn in record.RunningRemoved)
        {
            Running.Remove(arn);
        }
        foreach (var (key, value) in record.Watermarks)
        {
            Watermarks[key] = value;
        }
        _recordNames.Add(DatasetStore.CommitName(record.RunId, record.Seq));
        CommitCount++;
    }

    private void AddMerge(string target, IEnumerable<string> sources)
    {
        if (!_merged.TryGetValue(target, out var held))
        {
            _merged[target] = held = new HashSet<string>(StringComparer.Ordinal);
        }
        foreach (var source in sources.Where(s => s != target))
        {
            // A merged group merged again passes on what it held.
            foreach (var group in _merged.TryGetValue(source, out var inner) ? inner.Append(source).ToList() : [source])
            {
                held.Add(group);
                if (!_mergedInto.TryGetValue(group, out var into))
                {
                    _mergedInto[group] = into = new HashSet<string>(StringComparer.Ordinal);
                }
                into.Add(target);
            }
        }
    }

    private void SetStat(FileMove move)
    {
        if (move.Bytes is { } bytes && move.Rows is { } rows)
        {
            FileStats[move.Path] = new FileStat(bytes, rows, move.AccountRegion);
        }
        else
        {
            FileStats.Remove(move.Path);
        }
    }

    private void AddPending(PendingFetch part)
    {
        if (!Pending.TryGetValue(part.Top, out var parts))
        {
            Pending[part.Top] = parts = [];
        }
        parts.Add(part);
    }
}
