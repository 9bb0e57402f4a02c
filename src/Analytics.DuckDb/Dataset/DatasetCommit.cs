namespace Analytics.DuckDb.Dataset;

/// <summary>What one <see cref="DatasetWriter.Commit"/> published: files and rows per table.</summary>
public sealed record DatasetCommit(IReadOnlyDictionary<string, IReadOnlyList<string>> Files, IReadOnlyDictionary<string, long> Rows)
{
    public int FileCount => Files.Values.Sum(f => f.Count);
}
