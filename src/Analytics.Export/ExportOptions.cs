using System.ComponentModel.DataAnnotations;
using Analytics.Export.Targets;

namespace Analytics.Export;

/// <summary>
/// Settings of one export run (CLI options, <c>appsettings.json</c> section <c>Export</c>, <c>ANALYTICS__EXPORT__…</c>).
/// <see cref="Validate"/> is called before anything is read or written.
/// </summary>
public sealed class ExportOptions
{
    /// <summary>Dataset root (<c>--out</c>).</summary>
    [Required(ErrorMessage = "--out DIR is required: the dataset root (or Export:Out in appsettings.json, ANALYTICS__EXPORT__OUT).")]
    public string Out { get; set; } = "";

    /// <summary>Lower bound for a first run (<c>--since</c>): executions whose listing key is older are not read.</summary>
    public DateTimeOffset? Since { get; set; }

    /// <summary>Ignore the watermarks and list everything again (<c>--full</c>); already exported rows are still skipped.</summary>
    public bool Full { get; set; }

    /// <summary>State machine name glob (<c>--state-machines</c>, <c>*</c> and <c>?</c>).</summary>
    public string StateMachines { get; set; } = "*";

    /// <summary>Function name glob (<c>--functions</c>).</summary>
    public string Functions { get; set; } = "*";

    /// <summary>Request payloads (input/output) too (<c>--include-execution-data</c>); off by default (SPEC §9).</summary>
    public bool IncludeExecutionData { get; set; }

    /// <summary><c>K/N</c> (<c>--shard</c>): this process exports the state machines and functions whose ARN hashes to K.</summary>
    public string? Shard { get; set; }

    /// <summary>How far back of the previous run's newest listing key the next listing still reads (eventual consistency).</summary>
    public TimeSpan Overlap { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How far back of the previous run's CloudWatch Logs watermark the next crawl of an EXPRESS state machine's log
    /// group reads again: longer than any delivery delay (aws-wire-facts-logs §5 recommends at least a day).
    /// </summary>
    public TimeSpan LogsOverlap { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// A log group's window is read as up to this many time slices side by side (each a FilterLogEvents nextToken
    /// chain; the Logs limiter paces them together): one chain waits a round trip per page and stays far below the
    /// quota. 1 reads the window as one chain.
    /// </summary>
    [Range(1, 64)]
    public int LogsSlices { get; set; } = 16;

    /// <summary>A chunk is committed after this many executions…</summary>
    [Range(1, 10_000_000)]
    public int ChunkExecutions { get; set; } = 2_000;

    /// <summary>
    /// …or this many history bytes (a chunk's staged rows take several times its JSON in DuckDB, e.g. 16 MB of
    /// Map Run histories ≈ 100 MB staged: this bound, not the execution count, caps the stage for Map Run-heavy
    /// chunks)…
    /// </summary>
    [Range(1, long.MaxValue)]
    public long ChunkBytes { get; set; } = 16L << 20;

    /// <summary>…or after this long, whichever comes first: a kill loses at most one chunk of work.</summary>
    public TimeSpan ChunkInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Fold the manifest's commit records into its snapshot (at the start and end of a run) once there are this many,
    /// so <c>_manifest/commits</c> does not keep one record per chunk forever.
    /// </summary>
    [Range(1, 1_000_000)]
    public int CompactManifestAt { get; set; } = 64;

    /// <summary>Merge each settled date's files into one per table as the run ends (unsharded runs; see
    /// <see cref="SettledAfterDays"/>). Off: <c>Export:CompactPartitions=false</c> or <c>--no-compact</c>.</summary>
    public bool CompactPartitions { get; set; } = true;

    /// <summary>
    /// A date partition is settled once it is at least this many days before the run's UTC date: the listing overlap
    /// and a nightly run's timing have brought in every execution that started that day and has closed. Executions
    /// still open that close later add a file to their date, which the next compaction merges again.
    /// </summary>
    [Range(1, 3650)]
    public int SettledAfterDays { get; set; } = 2;

    /// <summary>Concurrent history fetches (the per-API rate limiters decide the actual rate).</summary>
    [Range(1, 256)]
    public int FetchConcurrency { get; set; } = 24;

    /// <summary>Fetched executions waiting for the writer, per unit crawled at once (bounds memory).</summary>
    [Range(1, 4096)]
    public int QueueCapacity { get; set; } = 64;

    /// <summary>Items per page asked of every paged API (AWS maximum and default here: 1000).</summary>
    [Range(1, 1000)]
    public int PageSize { get; set; } = 1000;

    /// <summary>Regions to export (<c>--regions</c>, or a list in appsettings.json); none: the one region resolved as before.</summary>
    public string[]? Regions { get; set; }

    /// <summary>Member accounts to export (<c>--accounts</c>) through <see cref="RoleName"/>; none: the caller's own account.</summary>
    public string[]? Accounts { get; set; }

    /// <summary>A file of member accounts (<c>--accounts-file</c>): one 12-digit id a line, optionally followed by a name.</summary>
    public string? AccountsFile { get; set; }

    /// <summary>The role assumed in each member account (<c>--role-name</c>): <c>arn:aws:iam::&lt;account&gt;:role/&lt;name&gt;</c>.</summary>
    public string? RoleName { get; set; }

    /// <summary>The sts:ExternalId the role's trust policy asks for (<c>--external-id</c>).</summary>
    public string? ExternalId { get; set; }

    /// <summary>RoleSessionName of the assumed sessions (<c>--session-name</c>; shows in the member's CloudTrail).</summary>
    public string SessionName { get; set; } = "workflow-history-analytics";

    /// <summary>How long each assumed session lasts (<c>--session-duration</c>); renewed before it expires.</summary>
    public TimeSpan SessionDuration { get; set; } = TimeSpan.FromHours(1);

    /// <summary>(account, region) units crawled at once (<c>--parallel</c>); each has its own quotas and limiters.</summary>
    [Range(1, 256)]
    public int Parallel { get; set; } = 4;

    /// <summary>An <c>s3://</c> dataset's lock lease (<c>Export:S3Lease</c>): renewed every third of it while the run
    /// lives; a crashed run's lock is taken over once it has expired.</summary>
    public TimeSpan S3Lease { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Benchmarks only (<c>ANALYTICS__EXPORT__CALLTIMELINE</c>): write every API attempt's timestamp, API and outcome
    /// to this CSV file when the run ends.
    /// </summary>
    public string? CallTimeline { get; set; }

    /// <summary>Throws <see cref="ValidationException"/> naming the bad setting.</summary>
    public void Validate()
    {
        Validator.ValidateObject(this, new ValidationContext(this), validateAllProperties: true);
        if (string.IsNullOrWhiteSpace(Out))
        {
            throw new ValidationException("Export:Out (--out) is required: the dataset root folder.");
        }
        if (Storage.S3Location.IsS3(Out))
        {
            try
            {
                _ = Storage.S3Location.Parse(Out);
            }
            catch (ArgumentException e)
            {
                throw new ValidationException(e.Message);
            }
        }
        if (S3Lease < TimeSpan.FromSeconds(3))
        {
            throw new ValidationException("Export:S3Lease must be at least 3 seconds.");
        }
        if (Overlap < TimeSpan.Zero)
        {
            throw new ValidationException("Export:Overlap must not be negative.");
        }
        if (LogsOverlap < TimeSpan.Zero)
        {
            throw new ValidationException("Export:LogsOverlap must not be negative.");
        }
        if (ChunkInterval <= TimeSpan.Zero)
        {
            throw new ValidationException("Export:ChunkInterval must be positive.");
        }
        _ = ShardSpec.Parse(Shard);
        ExportTargets.Validate(this);
        _ = NameGlob.Parse(StateMachines);
        _ = NameGlob.Parse(Functions);
    }
}
