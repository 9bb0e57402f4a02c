using System.Globalization;
using System.Text;

namespace Analytics.DuckDb.Parquet;

/// <summary>
/// Where one Parquet COPY writes before it is published: a temporary file beside a single-file destination, or a
/// hidden staging folder inside a partitioned destination (same filesystem, so publishing is a rename). Shared by
/// <see cref="ParquetWriter"/> (a query's rows), <see cref="StreamingParquetWriter"/> (pushed batches) and the
/// dataset writer's date routing (a plain COPY per partition folder).
/// </summary>
internal sealed class ParquetTarget
{
    /// <summary>Extension of files DuckDB writes into a staging folder (renamed to .parquet when published).</summary>
    internal const string StagedExtension = "parquet.tmp";

    private static readonly HashSet<string> s_codecs = new(StringComparer.OrdinalIgnoreCase)
    {
        "zstd", "snappy", "gzip", "lz4", "lz4_raw", "brotli", "uncompressed",
    };

    private ParquetTarget(string destination, ParquetWriteOptions options, string copyTarget)
    {
        Destination = destination;
        Options = options;
        CopyTarget = copyTarget;
    }

    /// <summary>The final file, or the root that receives <c>col=value/…</c> folders.</summary>
    public string Destination { get; }

    public ParquetWriteOptions Options { get; }

    /// <summary>The temporary file or staging folder the COPY writes to.</summary>
    public string CopyTarget { get; }

    private bool Partitioned => Options.PartitionBy.Count > 0;

    /// <summary>Validates the options and picks the temporary location (creating the destination's folder).</summary>
    public static ParquetTarget For(string destination, ParquetWriteOptions? options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(destination);
        options ??= new ParquetWriteOptions();
        Validate(options);
        destination = Path.GetFullPath(destination);
        if (options.PartitionBy.Count == 0)
        {
            if (!options.Overwrite && File.Exists(destination))
            {
                throw new IOException($"{destination} already exists (set Overwrite to replace it).");
            }
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            return new ParquetTarget(destination, options, $"{destination}.tmp-{Guid.NewGuid():N}");
        }
        Directory.CreateDirectory(destination);
        // Hidden and on the same filesystem as the final folders, so each move is an atomic rename; dataset readers
        // skip names starting with '.'.
        return new ParquetTarget(destination, options, Path.Combine(destination, $".tmp-{Guid.NewGuid():N}"));
    }

    /// <summary>The COPY statement writing <paramref name="sourceSql"/>'s rows to <see cref="CopyTarget"/>.</summary>
    public string CopySql(string sourceSql) => CopySql(sourceSql, CopyTarget, Options.PartitionBy);

    /// <summary>
    /// For a partitioned target whose rows the caller routes itself (a plain COPY per partition is far cheaper than
    /// <c>PARTITION_BY</c>): the COPY statement writing <paramref name="sourceSql"/>'s rows, which must leave the
    /// partition columns out as <c>PARTITION_BY</c> does, to a new file of <paramref name="partitionFolder"/>
    /// (<c>col=value</c>) in <see cref="CopyTarget"/>. The file is published like the ones <c>PARTITION_BY</c> writes.
    /// </summary>
    /// <param name="fileNumber">Unique within the target; a folder's files are published in this order.</param>
    public string PartitionFileCopySql(string sourceSql, string partitionFolder, int fileNumber)
    {
        if (!Partitioned)
        {
            throw new InvalidOperationException("A single-file target has no partition folders.");
        }
        var folder = Path.Combine(CopyTarget, partitionFolder);
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"{fileNumber:D6}.{StagedExtension}"));
        return CopySql(sourceSql, file, []);
    }

    // DuckDB's default Bloom filters (on every dictionary-encoded column) stay on: they serve execution_arn lookups
    // (README, "Parquet files").
    private string CopySql(string sourceSql, string target, IReadOnlyList<string> partitionBy)
    {
        var sql = new StringBuilder()
            .Append("COPY (").Append(sourceSql).Append(") TO ").Append(DuckDbSql.Literal(target))
            .Append(" (FORMAT parquet, COMPRESSION ").Append(Options.Compression.ToLowerInvariant());
        if (Options.RowGroupSize is { } rowGroupSize)
        {
            sql.Append(CultureInfo.InvariantCulture, $", ROW_GROUP_SIZE {rowGroupSize}");
        }
        if (partitionBy.Count > 0)
        {
            // Staged files must not end in .parquet: DuckDB's `**` globs descend into hidden folders, so a staging
            // folder left by a crash would otherwise be read as data.
            sql.Append(", PARTITION_BY (").AppendJoin(", ", partitionBy.Select(DuckDbSql.Identifier)).Append(')')
                .Append(", FILE_EXTENSION ").Append(DuckDbSql.Literal(StagedExtension));
        }
        return sql.Append(')').ToString();
    }

    /// <summary>
    /// The files the COPY wrote, each with its partition folder relative to the destination (<c>date=…</c>, or ""
    /// for a single file), in a stable order.
    /// </summary>
    public IReadOnlyList<(string File, string PartitionFolder)> WrittenFiles()
    {
        if (!Partitioned)
        {
            return File.Exists(CopyTarget) ? [(CopyTarget, "")] : [];
        }
        if (!Directory.Exists(CopyTarget))
        {
            return [];
        }
        return [.. Directory.EnumerateFiles(CopyTarget, "*", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(file => (file, Path.GetRelativePath(CopyTarget, Path.GetDirectoryName(file)!)))];
    }

    /// <summary>Flushes every written file to disk and renames it into place; returns the final paths, sorted.</summary>
    public IReadOnlyList<string> Publish()
    {
        if (!Partitioned)
        {
            FlushToDisk(CopyTarget);
            File.Move(CopyTarget, Destination, Options.Overwrite);
            return [Destination];
        }
        var written = new List<string>();
        foreach (var (file, partition) in WrittenFiles())
        {
            var folder = Path.Combine(Destination, partition);
            Directory.CreateDirectory(folder);
            FlushToDisk(file);
            written.Add(MoveToFreeName(file, folder, Options.FileNamePrefix));
        }
        written.Sort(StringComparer.Ordinal);
        return written;
    }

    /// <summary>Removes whatever is left at the temporary location.</summary>
    public void Delete()
    {
        if (!Partitioned)
        {
            File.Delete(CopyTarget);
        }
        else if (Directory.Exists(CopyTarget))
        {
            Directory.Delete(CopyTarget, recursive: true);
        }
    }

    /// <summary>Renames into <c>folder/prefix-n.parquet</c> with the lowest free n; a concurrent writer taking the
    /// same name makes the rename fail, and the next number is tried.</summary>
    public static string MoveToFreeName(string file, string folder, string prefix)
    {
        for (var n = 0; ; n++)
        {
            var target = Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"{prefix}-{n}.parquet"));
            if (File.Exists(target))
            {
                continue;
            }
            try
            {
                File.Move(file, target, overwrite: false);
                return target;
            }
            catch (IOException) when (File.Exists(target))
            {
                // Taken between the check and the rename: try the next number.
            }
        }
    }

    /// <summary>Makes the bytes durable before a rename publishes the file.</summary>
    public static void FlushToDisk(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read);
        stream.Flush(flushToDisk: true);
    }

    private static void Validate(ParquetWriteOptions options)
    {
        if (!s_codecs.Contains(options.Compression))
        {
            throw new ArgumentException($"Unknown Parquet compression '{options.Compression}'; use one of {string.Join(", ", s_codecs)}.", nameof(options));
        }
        if (options.RowGroupSize is < 1)
        {
            throw new ArgumentException("RowGroupSize must be positive.", nameof(options));
        }
        if (string.IsNullOrEmpty(options.FileNamePrefix) || options.FileNamePrefix.IndexOfAny(['/', '\\', '\0']) >= 0
            || options.FileNamePrefix.StartsWith('.'))
        {
            throw new ArgumentException($"FileNamePrefix '{options.FileNamePrefix}' must be a plain, visible file name.", nameof(options));
        }
        if (options.PartitionBy.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException("Partition column names must not be empty.", nameof(options));
        }
    }
}
