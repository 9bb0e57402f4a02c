namespace Analytics.Datasets;

/// <summary>What an import did: files imported, files rejected (with why), rows and files written.</summary>
public sealed class ImportReport
{
    private readonly List<ImportedFile> _imported = [];
    private readonly List<RejectedFile> _rejected = [];
    private readonly List<string> _written = [];

    public IReadOnlyList<ImportedFile> Imported => _imported;

    public IReadOnlyList<RejectedFile> Rejected => _rejected;

    /// <summary>Parquet files published, sorted.</summary>
    public IReadOnlyList<string> FilesWritten => _written;

    public Dictionary<string, long> RowsByTable { get; } = new(StringComparer.Ordinal);

    /// <summary>Timestamps stored as null in lenient mode.</summary>
    public long UnparseableTimestamps { get; internal set; }

    /// <summary>JSON values found where JSON text was expected, stored as compact text in lenient mode.</summary>
    public long DecodedJsonText { get; internal set; }

    public bool AllImported => _rejected.Count == 0;

    internal void Add(ImportedFile file) => _imported.Add(file);

    internal void Add(RejectedFile file) => _rejected.Add(file);

    internal void Add(DatasetCommit commit)
    {
        foreach (var files in commit.Files.Values)
        {
            _written.AddRange(files);
        }
        _written.Sort(StringComparer.Ordinal);
        foreach (var (table, rows) in commit.Rows)
        {
            RowsByTable[table] = RowsByTable.GetValueOrDefault(table) + rows;
        }
    }
}

/// <summary>A file imported: its execution and how many events (for a durable state page: operations) it held, and the
/// execution's status (for a durable state page: its EXECUTION operation's, "" when it lists none).</summary>
public sealed record ImportedFile(string Path, HistoryFileKind Kind, string ExecutionArn, long Events, string Status);

/// <summary>A file not imported (nothing of it was written): where the problem is and what it is.</summary>
public sealed record RejectedFile(string Path, string Problem, long? ByteOffset)
{
    public override string ToString() => ByteOffset is { } offset ? $"{Path}: {Problem} (byte offset {offset})" : $"{Path}: {Problem}";
}
