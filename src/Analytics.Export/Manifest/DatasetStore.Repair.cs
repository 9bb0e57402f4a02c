using System.Text.RegularExpressions;
using Analytics.DuckDb;
using Analytics.Export.Staging;
using Analytics.Export.Storage;

namespace Analytics.Export.Manifest;

/// <summary>What <see cref="DatasetStore.Repair"/> did.</summary>
/// <param name="ManifestFiles">Snapshot or commit records that did not parse, moved to the quarantine.</param>
/// <param name="Adopted">Unlisted files taken back into the manifest (their rows are in no listed file).</param>
/// <param name="Quarantined">Unlisted files moved to the quarantine (copies, or rows the manifest already has).</param>
/// <param name="Lost">Committed files missing or damaged (their chunks' executions will be fetched again).</param>
/// <param name="ForgottenChunks">Chunks taken out whole because of a lost file.</param>
/// <param name="AdoptedExecutions">Executions the adopted files hold, marked exported again.</param>
/// <param name="Quarantine">The quarantine folder of this repair.</param>
public sealed record RepairReport(
    IReadOnlyList<string> ManifestFiles, IReadOnlyList<string> Adopted, IReadOnlyList<string> Quarantined,
    IReadOnlyList<string> Lost, IReadOnlyList<string> ForgottenChunks, int AdoptedExecutions, string Quarantine)
{
    public bool Changed => ManifestFiles.Count + Adopted.Count + Quarantined.Count + Lost.Count > 0;

    /// <summary>True when an export must run to fetch executions again (the watermarks were cleared).</summary>
    public bool NeedsFetch => Changed;
}

// `analytics repair`: the manifest made true again without losing or duplicating a row. With every export of the
// dataset stopped (all layout locks held exclusively):
//   1. staged chunks of killed runs of every shard are rolled forward or discarded (as a run's start does);
//   2. a snapshot or commit record that does not parse is quarantined, so the manifest loads;
//   3. an unlisted file whose name is an export's (<run-id>-<seq>-<n>.parquet) and whose group the manifest does not
//      know is adopted, unless one of its executions is already exported (the newer chunk wins); every other
//      unlisted file is quarantined. This rebuilds a lost snapshot from the committed files themselves: the snapshot
//      only ever folded what those files hold;
//   4. lost committed files are handled as at a run's start (their chunks quarantined and forgotten);
//   5. one repair record commits all that, clearing the watermarks (the next run lists everything again and fetches
//      what is not exported), and the manifest is compacted into a fresh snapshot.
public sealed partial class DatasetStore
{
    // <table>/date=<d>/<run-id>-<seq>-<n>.parquet, the run id being <yyyyMMddTHHmmssfffZ>-<shard tag>-<6 hex digits>.
    private static readonly Regex s_exportFile = new(
        @"^(?<table>[a-z_]+)/(?<date>date=[^/]+)/(?<run>\d{8}T\d{9}Z-(?<tag>[a-z0-9]+)-[0-9a-f]{6})-(?<seq>\d{6})-\d+\.parquet$",
        RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture);

    /// <summary>Repairs the dataset at <paramref name="root"/> (see above).</summary>
    /// <exception cref="ExportConflictException">An export is running into the dataset.</exception>
    public static RepairReport Repair(string root)
    {
        root = Path.GetFullPath(root);
        var locks = Directory.CreateDirectory(Path.Combine(root, "_manifest", "locks")).FullName;
        Directory.CreateDirectory(Path.Combine(root, "_manifest", "commits"));
        using var store = new DatasetStore(root, ShardSpec.All, TakeAllLayoutLocks(locks, root), new LockSet([]), new Storage.LocalDatasetStorage(root));
        foreach (var shard in Directory.Exists(Path.Combine(root, "_staging")) ? Directory.EnumerateDirectories(Path.Combine(root, "_staging")) : [])
        {
            if (!shard.EndsWith(".spill", StringComparison.Ordinal))
            {
                store.Recover(shard);
            }
        }
        var record = store.NewRepairRecord(DateTimeOffset.UtcNow);
        var onDisk = TableFiles(root);
        var manifestFiles = new List<string>();
        var snapshotLost = false;
        while (true)
        {
            try
            {
                store.State = ManifestState.Load(store.CommitsFolder, store.SnapshotFile);
                break;
            }
            catch (ManifestDamagedException e) when (e.File is not null && File.Exists(e.File) && !e.NewerFormat)
            {
                var relative = store.Relative(e.File);
                store.MoveToQuarantine(record, relative);
                manifestFiles.Add(relative);
                snapshotLost |= e.File == store.SnapshotFile;
            }
        }

        var (adopted, quarantined, executions) = store.AdoptOrQuarantine(record, Unlisted(root, onDisk, store.State));
        var lost = Lost(root, store.State);
        store.ForgetLost(record, lost);
        record.WatermarksCleared = manifestFiles.Count + adopted.Count + quarantined.Count + lost.Count > 0;
        if (record.WatermarksCleared)
        {
            store.Commit(record);
        }
        if (record.WatermarksCleared || snapshotLost || !File.Exists(store.SnapshotFile))
        {
            store.TryCompact(1);
        }
        return new RepairReport(manifestFiles, adopted, quarantined, lost, record.ForgottenChunks, executions, store.QuarantineFolder(record));
    }

    private static LockSet TakeAllLayoutLocks(string locks, string root)
    {
        var held = new List<FileStream>();
        try
        {
            foreach (var path in Directory.EnumerateFiles(locks, "layout-*.lock").Append(Path.Combine(locks, "layout-1.lock")).Distinct().Order(StringComparer.Ordinal))
            {
                held.Add(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            return new LockSet(held);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            held.ForEach(h => h.Dispose());
            throw e is IOException io && FileLock.IsHeld(io)
                ? (Exception)new ExportConflictException($"An export is running into {root}; repair the dataset when no export runs.", e)
                : CannotWrite(root, e);
        }
    }

    /// <summary>Step 3 above: adds the adoptable groups to <paramref name="record"/>, quarantines the rest.</summary>
    private (List<string> Adopted, List<string> Quarantined, int Executions) AdoptOrQuarantine(CommitRecord record, List<string> unlisted)
    {
        var adopted = new List<string>();
        var quarantined = new List<string>();
        var executions = 0;
        var groups = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var path in unlisted)
        {
            var group = ExportGroupOf(path);
            if (group is null || State.GroupFiles.ContainsKey(group) || State.WasMerged(group))
            {
                quarantined.Add(path);
                continue;
            }
            if (!groups.TryGetValue(group, out var files))
            {
                groups[group] = files = [];
            }
            files.Add(path);
        }
        using var database = DuckDbDatabase.Open();
        using var connection = database.Connect();
        var claimed = new HashSet<string>(StringComparer.Ordinal);
        // Newest chunk first (run ids sort by time): when two hold the same execution, the newer one's rows stay.
        foreach (var (group, files) in groups.OrderByDescending(g => g.Key, StringComparer.Ordinal))
        {
            try
            {
                var moves = files.Select(f => ParquetFacts.Move(connection, Root, FullPath(f), f, group) with { Staged = "_staging/adopted/" + f }).ToList();
                var arns = IsChunkGroup(group) ? ExecutionsIn(connection, Root, files) : [];
                if (arns.Any(a => State.Executions.ContainsKey(a.Arn) || claimed.Contains(a.Arn)))
                {
                    quarantined.AddRange(files);
                    continue;
                }
                record.Adds.AddRange(moves);
                foreach (var (arn, redrives) in arns)
                {
                    claimed.Add(arn);
                    record.Executions.Add(new ExportedExecution(arn, redrives, group));
                }
                executions += arns.Count;
                adopted.AddRange(files);
            }
            catch (DuckDbException)
            {
                quarantined.AddRange(files); // not a readable Parquet file
            }
        }
        foreach (var path in quarantined)
        {
            MoveToQuarantine(record, path);
        }
        adopted.Sort(StringComparer.Ordinal);
        quarantined.Sort(StringComparer.Ordinal);
        return (adopted, quarantined, executions);
    }

    /// <summary>The group an export gives a file of this name (see ChunkWriter), or null for a name no export writes.</summary>
    internal static string? ExportGroupOf(string relative)
    {
        var match = s_exportFile.Match(relative);
        if (!match.Success)
        {
            return null;
        }
        var table = match.Groups["table"].Value;
        var run = match.Groups["run"].Value;
        if (StagedTables.IsRunTable(table))
        {
            return "runs/" + run;
        }
        if (Array.IndexOf(StagedTables.SnapshotTables, table) >= 0)
        {
            return $"snapshot/{match.Groups["tag"].Value}/{table}/{match.Groups["date"].Value}";
        }
        return Array.IndexOf(StagedTables.ExecutionTables, table) >= 0 ? run + "-" + match.Groups["seq"].Value : null;
    }

    /// <summary>The exported (top-level) executions whose rows a chunk's files hold: what its commit record listed.</summary>
    private static List<(string Arn, int RedriveCount)> ExecutionsIn(DuckDbConnection connection, string root, List<string> files)
    {
        var found = new List<(string, int)>();
        foreach (var file in files)
        {
            var table = file[..file.IndexOf('/', StringComparison.Ordinal)];
            var sql = table switch
            {
                // Map Run children are fetched with their parent: the parent is what the manifest marks exported.
                "executions" => "SELECT execution_arn, coalesce(redrive_count, 0)::INTEGER FROM read_parquet(?) WHERE map_run_arn IS NULL",
                "durable_executions" => "SELECT durable_execution_arn, 0 FROM read_parquet(?)",
                _ => null,
            };
            if (sql is null)
            {
                continue;
            }
            using var result = connection.Query(sql.Replace("?", DuckDbSql.Literal(Path.Combine(root, file)), StringComparison.Ordinal));
            while (result.NextChunk() is { } chunk)
            {
                using (chunk)
                {
                    var arns = chunk.GetVector(0);
                    var redrives = chunk.GetVector(1);
                    for (var row = 0; row < chunk.RowCount; row++)
                    {
                        found.Add((arns.GetString(row), Convert.ToInt32(redrives.GetValue(row), System.Globalization.CultureInfo.InvariantCulture)));
                    }
                }
            }
        }
        return found;
    }

    /// <summary>Several locks released together.</summary>
    private sealed class LockSet(List<FileStream> held) : IDisposable
    {
        public void Dispose() => held.ForEach(h => h.Dispose());
    }
}
