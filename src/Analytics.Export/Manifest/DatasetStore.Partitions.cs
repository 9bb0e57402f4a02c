using System.Globalization;
using Analytics.DuckDb;
using Analytics.DuckDb.Parquet;
using Analytics.Export.Crawl;
using Analytics.Export.Staging;

namespace Analytics.Export.Manifest;

// Partition compaction (`analytics compact`, and the end of an unsharded export): every history table's files of one
// date, and export_runs', become one file per table and date, sorted by the table's execution key (and event id), so a
// lookup by ARN prunes row groups (unsuccessful rows first where a table has a status: UnsuccessfulFirst). Through
// the commit protocol, one record per date: the merged files are staged, the record (adds the merged file, removes
// the old ones, names the groups merged) is the commit point, and applying it deletes the old files before moving the
// merged one in, so a reader that globs the folders never sees a row twice and a crash anywhere is rolled forward or
// discarded by the next open. Snapshot tables are left as they are: a shard's snapshot of a day already replaces its
// earlier one (one file per shard and date).
public sealed partial class DatasetStore
{
    /// <summary>The group of a table's merged file of one date (a merged group: <see cref="ManifestState.Merged"/>).</summary>
    public static string MergedGroup(string table, string dateFolder) => $"compact/{table}/{dateFolder}";

    /// <summary>
    /// Merges, for every date <paramref name="settled"/> admits, each table's files into one, and writes every date's
    /// rollup (<see cref="Rollup.All"/>) that is not current (a date still being written too: a rollup is
    /// derived, and a later file only makes it stale). Needs the whole dataset to itself (an unsharded store: another
    /// shard's writer would rewrite files this replaces).
    /// </summary>
    public PartitionCompaction CompactPartitions(Func<DateOnly, bool> settled, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settled);
        if (!Shard.IsAll)
        {
            throw new InvalidOperationException("Partition compaction needs an unsharded store.");
        }
        var current = Rollup.All.SelectMany(rollup => rollup.Current(State.Files.Keys, State.FileStats, Rollup.ViewsScript)).ToHashSet(StringComparer.Ordinal);
        var dates = State.Files.Keys
            .Select(path => path.Split('/'))
            .Where(parts => parts.Length == 3 && TryPartitionDate(parts[1], out _))
            .GroupBy(parts => parts[1], StringComparer.Ordinal)
            .Select(date => (Folder: date.Key, Files: date.ToList(), Merges: date
                .Where(parts => IsCompacted(parts[0]) && TryPartitionDate(parts[1], out var day) && settled(day))
                .GroupBy(parts => parts[0], StringComparer.Ordinal)
                .Where(table => table.Count() > 1)
                .OrderBy(table => table.Key, StringComparer.Ordinal)
                .ToList()))
            .Where(date => date.Merges.Count > 0 || Rollup.All.Any(rollup => NeedsRollup(rollup, date.Files, current)))
            .OrderBy(date => date.Folder, StringComparer.Ordinal)
            .ToList();
        var result = new PartitionCompaction();
        if (dates.Count == 0)
        {
            return result;
        }
        var runId = CompactionRunId();
        var spill = Path.Combine(Root, "_staging", Shard.Tag + ".compact.spill");
        try
        {
            var seq = 0;
            // The GC heap holds what loading the manifest (or the export before) left: ~90 MB more than is live at 1M.
            var heapTrim = new HeapTrim(slackBytes: 16L << 20);
            foreach (var date in dates)
            {
                heapTrim.AfterCommit();
                cancellationToken.ThrowIfCancellationRequested();
                // A database per date: one kept open across dates grew by what each date's merge left behind (the 1M
                // world's whole compaction rose from ~600 MB to 1.5 GB over its 14 dates).
                using var database = DuckDbDatabase.Open(config: CompactionConfig(spill));
                using var connection = database.Connect();
                var record = new CommitRecord { RunId = runId, Seq = seq, Shard = Shard.Tag, CommittedAt = DateTimeOffset.UtcNow };
                var folder = ChunkStagingFolder(runId, seq++);
                var merged = new Dictionary<string, FileMove>(StringComparer.Ordinal);
                foreach (var partition in date.Merges)
                {
                    var table = partition.Key;
                    var files = partition.Select(parts => string.Join('/', parts)).Order(StringComparer.Ordinal).ToList();
                    var relative = $"{table}/{date.Folder}/compact-{runId}.parquet";
                    var staged = Path.Combine(folder, relative);
                    Merge(connection, table, files, staged);
                    var group = MergedGroup(table, date.Folder);
                    var move = ParquetFacts.Move(connection, Root, staged, relative, group);
                    var expected = files.Sum(f => State.FileStats.TryGetValue(f, out var stat) ? stat.Rows : ParquetFacts.Of(connection, FullPath(f)).Rows);
                    if (move.Rows != expected)
                    {
                        throw new InvalidDataException($"Compacting {table}/{date.Folder} gave {move.Rows} rows, not {expected}: nothing was committed.");
                    }
                    record.Adds.Add(move);
                    record.Removes.AddRange(files);
                    record.Merges[group] = files.Select(f => State.Files[f]).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
                    merged[table] = move;
                    result.FilesBefore += files.Count;
                    result.Partitions++;
                }
                foreach (var rollup in RollupsToWrite(date.Files, current, merged))
                {
                    AddRollup(connection, rollup, record, folder, date.Folder, date.Files, merged);
                    result.Rollups++;
                }
                Commit(record);
            }
            return result;
        }
        finally
        {
            if (Directory.Exists(spill))
            {
                Directory.Delete(spill, recursive: true);
            }
        }
    }

    /// <summary>
    /// The merging database's settings: the sort spills to <paramref name="spill"/> (under <c>_staging/</c>, deleted
    /// as compaction ends and by recovery) past a fixed budget, so peak memory does not grow with a partition's size.
    /// DuckDB holds ~150-300 MB beyond memory_limit (the Parquet writer's row groups, per-thread state): one date of the
    /// 1M world's events (3.25 M rows) sorted at 256MB peaked at 587 MB with 2 threads, 426 MB with 1 and no more CPU
    /// (42.5 vs 48.5 s); 160MB and 128MB run out of memory. Background purge: jemalloc hands freed pages back between
    /// dates. The 1M world's heaviest date (696 files a table) whole: 256MB with the file cache 650 MB, 192MB 541 MB,
    /// 192MB without the cache 480 MB, at about the same CPU.
    /// </summary>
    internal static DuckDbConfig CompactionConfig(string spill)
    {
        var config = new DuckDbConfig { Threads = 1, MemoryLimit = "192MB" };
        config.Options["temp_directory"] = spill;
        config.Options["allocator_background_threads"] = "true";
        // Each file is read once: a cache of their contents only takes memory (~60 MB more at 700 files a table).
        config.Options["enable_external_file_cache"] = "false";
        return config;
    }

    /// <summary>History tables, export_runs and export_units: the tables whose dates gather several files.</summary>
    private static bool IsCompacted(string table) =>
        StagedTables.IsRunTable(table) || Array.IndexOf(StagedTables.ExecutionTables, table) >= 0;

    /// <summary>The date of a partition folder (<c>date=YYYY-MM-DD</c>); false for <c>date=__HIVE_DEFAULT_PARTITION__</c>.</summary>
    public static bool TryPartitionDate(string folder, out DateOnly date) =>
        DateOnly.TryParseExact(folder.StartsWith("date=", StringComparison.Ordinal) ? folder[5..] : "", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    /// <summary>Writes the files' rows, sorted by the table's key, to <paramref name="staged"/>.</summary>
    private void Merge(DuckDbConnection connection, string table, List<string> files, string staged)
    {
        var schema = StagedTables.All.First(t => t.Name == table);
        var key = table == "export_runs" ? ["started_at", "run_id"]
            : table == "export_units" ? ["run_id", "account_id", "region"]
            : new[] { StagedTables.ExecutionKey(table), "event_id" }.Where(c => schema.IndexOf(c) >= 0);
        Directory.CreateDirectory(Path.GetDirectoryName(staged)!);
        ParquetWriter.Write(connection,
            $"SELECT * FROM {ReadParquet(connection, files.Select(FullPath))} ORDER BY "
            + string.Join(", ", UnsuccessfulFirst(table).Concat(key.Select(DuckDbSql.Identifier))),
            staged, new ParquetWriteOptions { Overwrite = true, RowGroupSize = RowGroupSize(table) });
    }

    /// <summary>
    /// <c>read_parquet</c> over the files, with <c>union_by_name</c> only when their schemas differ (a dataset written
    /// across a schema change). union_by_name keeps every file's footer in malloc's heap, outside memory_limit, for the
    /// whole merge: ~45 MB at the 1M export's 514-696 files a table and date (one date's events alone peaked at 445 MB
    /// with it, 408 MB without; the whole 1M compaction 560 -> 517 MB). Without it DuckDB matches columns by name, the
    /// same rows; checking reads each footer once more (~0.2 CPU s at 696 files).
    /// </summary>
    internal static string ReadParquet(DuckDbConnection connection, IEnumerable<string> paths)
    {
        var list = "[" + string.Join(", ", paths.Select(DuckDbSql.Literal)) + "]";
        var schemas = Convert.ToInt64(connection.ExecuteScalar(
            "SELECT count(DISTINCT columns) FROM (SELECT string_agg(name || ' ' || duckdb_type, ', ' ORDER BY column_id) AS columns "
            + $"FROM parquet_schema({list}) GROUP BY file_name)"), CultureInfo.InvariantCulture);
        return $"read_parquet({list}, hive_partitioning = false, union_by_name = {(schemas > 1 ? "true" : "false")})";
    }

    /// <summary>
    /// The leading sort terms that put a table's unsuccessful rows (by status or outcome) before its successful ones:
    /// ~3 % of executions and task_attempts, which the failure queries (top_errors) read. Those rows then fill the first
    /// row group of a file and the rest hold only successes, which the scans skip by the column's min/max and, where the
    /// query filters with <c>&lt;&gt;</c>, vector by vector without decoding the other columns. Within each status the
    /// rows stay sorted by ARN.
    /// </summary>
    /// <remarks>
    /// durable_events puts its failure events first (<see cref="FailureEvent"/>: ~1.3 % of the rows), grouped by type,
    /// then every other event by ARN. A scan for one failure type (top_errors' <c>event_type = 'StepFailed'</c>) then
    /// finds it in the first row group of a file only, and DuckDB skips the others by their Bloom filter on
    /// <c>event_type</c> (their min/max span every type): on the 1M-execution export that scan went from ~0.45 to ~0.1
    /// CPU s.
    /// </remarks>
    internal static string[] UnsuccessfulFirst(string table) => table switch
    {
        "executions" or "durable_executions" => ["status = 'SUCCEEDED'", "status"],
        "task_attempts" => ["outcome = 'succeeded'", "outcome"],
        "durable_events" => [$"NOT ({FailureEvent})", $"CASE WHEN {FailureEvent} THEN event_type END"],
        _ => [],
    };

    /// <summary>
    /// The rows per row group of a table's merged file; null: DuckDB's 122,880. executions takes 30,720: its unsuccessful
    /// rows (~6,000 of ~225,000 a date at 1M executions) fill the head of the first row group, and top_errors decodes
    /// that whole row group's execution_arn (plain-encoded, ~120 bytes a row) to read them. On the compacted 1M export
    /// rewritten so, three alternated runs (best CPU s of 3 each, load 17-34): top_errors 1.47 -> 1.12, 1.67 -> 1.10,
    /// 1.47 -> 1.35; failure_rates, which reads every execution, 0.68 -> 0.77, 0.60 -> 0.70, 0.71 -> 0.76; weekly_trends,
    /// accounts_regions and latency_percentiles within the noise. task_attempts at 30,720 gained top_errors nothing
    /// measurable (1.31 -> 1.48) and costs its full scans, so it keeps DuckDB's default.
    /// </summary>
    internal static long? RowGroupSize(string table) => table == "executions" ? 30_720 : null;

    /// <summary>A durable event that records a failure (StepFailed, CallbackTimedOut, ExecutionStopped, …).</summary>
    internal const string FailureEvent = "suffix(event_type, 'Failed') OR suffix(event_type, 'TimedOut') OR suffix(event_type, 'Stopped')";

    /// <summary>
    /// A run id that sorts after every record the manifest holds (records are folded in name order, and this one
    /// removes their files), even when an export's clock ran ahead of this one's.
    /// </summary>
    private string CompactionRunId()
    {
        const string format = "yyyyMMdd'T'HHmmssfff'Z'";
        var at = DateTimeOffset.UtcNow;
        var newest = State.RecordNames.Concat(RecordFiles()).Max(StringComparer.Ordinal);
        if (newest is { Length: >= 19 } && DateTimeOffset.TryParseExact(newest[..19], format, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var last) && last >= at)
        {
            at = last.AddMilliseconds(1);
        }
        return string.Create(CultureInfo.InvariantCulture, $"{at.ToString(format, CultureInfo.InvariantCulture)}-compact-{Random.Shared.Next(0x1000000):x6}");
    }
}

/// <summary>What a partition compaction did.</summary>
public sealed class PartitionCompaction
{
    /// <summary>Table partitions (table and date) merged, each into one file.</summary>
    public int Partitions { get; set; }

    /// <summary>The files they held before.</summary>
    public int FilesBefore { get; set; }

    /// <summary>Rollup files written (<see cref="Rollup.All"/>: up to one of each rollup per date).</summary>
    public int Rollups { get; set; }
}
