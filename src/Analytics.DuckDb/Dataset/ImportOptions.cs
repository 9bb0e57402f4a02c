namespace Analytics.DuckDb.Dataset;

/// <summary>How <see cref="HistoryImporter"/> reads saved history files.</summary>
public sealed record ImportOptions
{
    /// <summary>Accept sanitised test snapshots (placeholder timestamps become null, decoded JSON text is re-encoded).</summary>
    public bool Lenient { get; init; }

    /// <summary>Keep input/output payload text (sizes are always kept).</summary>
    public bool IncludeExecutionData { get; init; }

    /// <summary>Publish staged rows whenever this many are staged (bounds memory on big imports).</summary>
    public long CommitEveryRows { get; init; } = 2_000_000;
}
