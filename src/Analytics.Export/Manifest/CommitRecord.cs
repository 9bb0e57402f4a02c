namespace Analytics.Export.Manifest;

/// <summary>
/// One atomic step of the dataset (<c>DIR/_manifest/commits/&lt;run-id&gt;-&lt;seq&gt;.json</c>). Writing this file
/// (temp, fsync, rename) is the commit point: what it lists is true from then on, and applying it (moving staged files
/// into place, deleting replaced ones) is idempotent, so a crash right after the rename is rolled forward at the next
/// start. Staged files of a chunk without a record are deleted at the next start.
/// </summary>
public sealed record CommitRecord
{
    public required string RunId { get; init; }

    public required int Seq { get; init; }

    /// <summary>The shard tag (<c>all</c>, <c>s0of2</c>) of the process that wrote it.</summary>
    public required string Shard { get; init; }

    public DateTimeOffset CommittedAt { get; init; }

    /// <summary>New files: staged path → final path, both relative to the dataset root, with the group they belong to.</summary>
    public List<FileMove> Adds { get; init; } = [];

    /// <summary>Rewrites of existing files (same final path, fewer rows): applied by renaming over them.</summary>
    public List<FileMove> Replaces { get; init; } = [];

    /// <summary>Files that stop being part of the dataset (relative paths).</summary>
    public List<string> Removes { get; init; } = [];

    /// <summary>Top-level executions (Step Functions and durable) whose rows this commit adds.</summary>
    public List<ExportedExecution> Executions { get; init; } = [];

    /// <summary>Executions seen RUNNING: re-checked by every later run until they close.</summary>
    public List<RunningExecution> RunningAdded { get; init; } = [];

    public List<string> RunningRemoved { get; init; } = [];

    /// <summary>Newest listing key per state machine / function ARN, once every execution listed up to it is committed.</summary>
    public Dictionary<string, DateTimeOffset> Watermarks { get; init; } = [];

    /// <summary>Parts of Map Run units that failed for good: later runs fetch them (<see cref="PendingFetch"/>).</summary>
    public List<PendingFetch> PendingAdded { get; init; } = [];

    /// <summary>Top-level executions whose earlier pending parts this commit settles (fetched again, or the whole
    /// execution re-exported); what failed again is in <see cref="PendingAdded"/>.</summary>
    public List<string> PendingResolved { get; init; } = [];

    /// <summary>Top-level executions some of whose rows (pending parts fetched late) this chunk holds, outside their
    /// own chunk: a re-export rewrites this chunk too.</summary>
    public List<string> LateRows { get; init; } = [];

    /// <summary>The run is finished (its <c>export_runs</c> row is among the adds).</summary>
    public bool Final { get; init; }

    /// <summary>Chunks whose files were lost (repair): their executions count as not exported, so they are fetched again.</summary>
    public List<string> ForgottenChunks { get; init; } = [];

    /// <summary>Partition compaction: merged group → the groups whose files this record merged into it (their rows
    /// now live in the merged group's file, so a re-export or a lost file looks there too).</summary>
    public Dictionary<string, List<string>> Merges { get; init; } = [];

    /// <summary>Forget every watermark (repair), so the next run lists every execution again and fetches what is not exported.</summary>
    public bool WatermarksCleared { get; set; }
}

/// <param name="Group">The chunk (<c>&lt;run-id&gt;-&lt;seq&gt;</c>) or snapshot group the file belongs to.</param>
/// <param name="Bytes">The file's size and <paramref name="Rows"/> its row count (what <c>analytics verify</c> checks);
/// null in records written before they were kept.</param>
/// <param name="AccountRegion">Whether every row of the file has account_id and region (<see cref="ParquetFacts"/>), so
/// the query views need not read its footer to know; null in records written before it was kept.</param>
public sealed record FileMove(string Staged, string Path, string Group, long? Bytes = null, long? Rows = null, bool? AccountRegion = null);

/// <summary>What the manifest knows of a committed file's content (<see cref="FileMove"/>).</summary>
public sealed record FileStat(long Bytes, long Rows, bool? AccountRegion = null);

/// <param name="Chunk">The chunk whose files hold its rows (and its Map Run children's).</param>
public sealed record ExportedExecution(string Arn, int RedriveCount, string Chunk);

/// <param name="Source">The state machine or function ARN it was listed under.</param>
/// <param name="Kind"><c>sfn</c> or <c>durable</c>.</param>
public sealed record RunningExecution(string Arn, string Source, string Kind);

/// <summary>
/// A part of an exported execution's Map Run unit that could not be fetched (an error that outlasted the retries): a
/// Map Run child with everything below it, or a whole Map Run (description, child listing, children). The execution
/// and the rest of its unit are committed; later runs fetch what is pending, so progress accumulates across runs.
/// </summary>
/// <param name="Top">The top-level execution the unit belongs to.</param>
/// <param name="Source">The state machine the top-level execution was listed under.</param>
/// <param name="Kind"><c>execution</c> (a Map Run child), <c>mapRun</c>, or <c>expressChild</c> (an EXPRESS Map Run child
/// whose events were not read: its parent's log group could not be).</param>
/// <param name="Arn">The child execution's or the Map Run's ARN.</param>
/// <param name="Parent">The execution that started the Map Run.</param>
/// <param name="MapRun">The child's Map Run (null for a Map Run).</param>
/// <param name="StartDate">The child's start (null for a Map Run).</param>
/// <param name="Depth">Map nesting depth of the child (of the parent, for a Map Run): 0 is the top-level execution.</param>
public sealed record PendingFetch(string Top, string Source, string Kind, string Arn, string Parent, string? MapRun, DateTimeOffset? StartDate, int Depth)
{
    public const string ChildKind = "execution";

    public const string MapRunKind = "mapRun";

    public const string ExpressChildKind = "expressChild";
}
