using System.Globalization;
using Analytics.DuckDb;

namespace Analytics.Export.Manifest;

/// <param name="Kind"><c>damaged-manifest</c>, <c>newer-manifest</c> (a newer build's snapshot), <c>missing</c>, <c>size</c>, <c>rows</c>, <c>unreadable</c> or <c>unlisted</c>.</param>
/// <param name="Path">The file, relative to the dataset root.</param>
public sealed record DatasetProblem(string Kind, string Path, string Detail);

/// <summary>
/// <c>analytics verify</c>: the manifest against the files. Missing committed files, committed files whose size or
/// footer row count is not the committed one (or whose footer does not read), files the manifest does not list, and
/// a snapshot or commit record that does not parse. Read-only.
/// </summary>
public static class DatasetCheck
{
    /// <summary>True when the folder is an export's dataset (it has a manifest).</summary>
    public static bool IsDataset(string root) => Directory.Exists(Path.Combine(root, "_manifest"));

    /// <summary>The problems, in file order; empty when the dataset is what its manifest says.</summary>
    public static List<DatasetProblem> Run(string root, out int committedFiles)
    {
        root = Path.GetFullPath(root);
        var problems = new List<DatasetProblem>();
        committedFiles = 0;
        // Files first, manifest second (see DatasetStore.LoadChecked).
        var onDisk = DatasetStore.TableFiles(root);
        ManifestState state;
        try
        {
            // The full state: a damaged exported-executions table is a damaged manifest too.
            state = DatasetStore.LoadCommittedFiles(root, filesOnly: false) ?? new ManifestState();
        }
        catch (ManifestDamagedException e)
        {
            problems.Add(new DatasetProblem(e.NewerFormat ? "newer-manifest" : "damaged-manifest", e.File is null ? "_manifest" : Path.GetRelativePath(root, e.File), e.Problem));
            return problems;
        }
        committedFiles = state.Files.Count;
        using var database = DuckDbDatabase.Open();
        using var connection = database.Connect();
        foreach (var path in state.Files.Keys.Order(StringComparer.Ordinal))
        {
            var full = Path.Combine(root, path);
            var info = new FileInfo(full);
            if (!info.Exists)
            {
                problems.Add(new DatasetProblem("missing", path, "committed, not on disk"));
                continue;
            }
            state.FileStats.TryGetValue(path, out var expected);
            if (expected is not null && expected.Bytes != info.Length)
            {
                problems.Add(new DatasetProblem("size", path, Invariant($"{info.Length} bytes, committed {expected.Bytes}")));
                continue;
            }
            try
            {
                var actual = ParquetFacts.Of(connection, full);
                if (expected is not null && expected.Rows != actual.Rows)
                {
                    problems.Add(new DatasetProblem("rows", path, Invariant($"{actual.Rows} rows in the footer, committed {expected.Rows}")));
                }
            }
            catch (DuckDbException e)
            {
                problems.Add(new DatasetProblem("unreadable", path, FirstLine(e.Message)));
            }
        }
        foreach (var path in DatasetStore.Unlisted(root, onDisk, state))
        {
            problems.Add(new DatasetProblem("unlisted", path, "not in the manifest"));
        }
        return problems;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();
}
