namespace Analytics.Datasets;

/// <summary>How <see cref="HistoryImporter"/> reads saved history files.</summary>
public sealed record ImportOptions
{
    /// <summary>Accept sanitised test snapshots (placeholder timestamps become null, decoded JSON text is re-encoded).</summary>
    public bool Lenient { get; init; }

    /// <summary>Keep input/output payload text (sizes are always kept).</summary>
    public bool IncludeExecutionData { get; init; }

    /// <summary>Publish whenever this many rows have been written: each commit closes the tables' Parquet files, so
    /// this bounds what DuckDB's partitioned writers buffer on a big import.</summary>
    public long CommitEveryRows { get; init; } = 2_000_000;
}
