namespace Analytics.Datasets;

/// <summary>
/// What one <see cref="DatasetWriter.Commit"/> published (or <see cref="DatasetWriter.Stage"/> staged): files and
/// rows per table.
/// </summary>
/// <param name="Files">Per table, the paths of its files: final paths after a commit, staged paths after a stage.</param>
/// <param name="Rows">Per table, the rows written.</param>
public sealed record DatasetCommit(IReadOnlyDictionary<string, IReadOnlyList<string>> Files, IReadOnlyDictionary<string, long> Rows)
{
    public int FileCount => Files.Values.Sum(f => f.Count);

    /// <summary>After <see cref="DatasetWriter.Stage"/>: every staged file with the path it is to be published at.</summary>
    public IReadOnlyList<StagedFile> Staged { get; init; } = [];
}
