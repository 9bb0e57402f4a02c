namespace Analytics.DuckDb.Parquet;

/// <summary>How <see cref="ParquetWriter"/> writes: partitioning, final file names, compression.</summary>
public sealed record ParquetWriteOptions
{
    /// <summary>
    /// Columns to Hive-partition by (<c>col=value/</c> folders, in this order). Empty: the destination is one file.
    /// Partition columns are not repeated inside the files (readers take them from the path).
    /// </summary>
    public IReadOnlyList<string> PartitionBy { get; init; } = [];

    /// <summary>
    /// Partitioned writes name each file <c>&lt;prefix&gt;-&lt;n&gt;.parquet</c>, n being the lowest number not yet
    /// used in that folder (so several writes with one prefix, e.g. an export run id, never collide).
    /// </summary>
    public string FileNamePrefix { get; init; } = "data";

    /// <summary>Parquet codec: zstd (default), snappy, gzip, lz4, brotli or uncompressed.</summary>
    public string Compression { get; init; } = "zstd";

    /// <summary>Rows per row group; null keeps DuckDB's default (122,880).</summary>
    public long? RowGroupSize { get; init; }

    /// <summary>Single-file writes: replace an existing destination (atomically) instead of failing.</summary>
    public bool Overwrite { get; init; }
}
