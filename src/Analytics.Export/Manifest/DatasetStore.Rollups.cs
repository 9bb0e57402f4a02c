using Analytics.DuckDb;
using Analytics.DuckDb.Parquet;
using Analytics.Core.Schemas;

namespace Analytics.Export.Manifest;

// The duration rollup of each date (DurationRollup): counted in the merging database from the date's source
// files as the compaction record leaves them, committed by that same record, which removes the date's older rollup.
public sealed partial class DatasetStore
{
    /// <summary>Whether a date (its committed files, split) has source rows but no current rollup.</summary>
    private static bool NeedsRollup(List<string[]> files, HashSet<string> current) =>
        files.Any(parts => DurationRollup.Sources.Contains(parts[0]))
        && !files.Any(parts => parts[0] == DurationRollup.Table && current.Contains(string.Join('/', parts)));

    /// <summary>Counts the date's rollup from its source files (the merged ones still staged) and adds it to the record.</summary>
    private void AddRollup(DuckDbConnection connection, CommitRecord record, string folder, string dateFolder, List<string[]> files,
        Dictionary<string, FileMove> merged)
    {
        var sources = new List<(string Table, string Path, FileStat? Stat, string Read)>();
        foreach (var table in DurationRollup.Sources)
        {
            if (merged.TryGetValue(table, out var move))
            {
                sources.Add((table, move.Path, new FileStat(move.Bytes!.Value, move.Rows!.Value, move.AccountRegion), Path.Combine(Root, move.Staged)));
                continue;
            }
            foreach (var path in files.Where(parts => parts[0] == table).Select(parts => string.Join('/', parts)))
            {
                sources.Add((table, path, State.FileStats.GetValueOrDefault(path), FullPath(path)));
            }
        }
        var relative = $"{DurationRollup.Table}/{dateFolder}/{DurationRollup.FileName(DurationRollup.ViewsScript, sources.Select(s => (s.Path, s.Stat)))}";
        var staged = Path.Combine(folder, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(staged)!);
        // The query layer's views over just these files: every file counts as one that may need account and region from
        // its ARN (the cheaper list needs facts this record has not committed yet).
        var lists = sources.GroupBy(s => s.Table).Select(t =>
            $", {DuckDbSql.Literal(t.Key)}: {DuckDbSql.Literal("[" + string.Join(", ", t.Select(s => DuckDbSql.Literal(s.Read))) + "]")}");
        connection.Execute("SET VARIABLE data_dir = ''; SET VARIABLE analytics_files = MAP {'': '[]'}; "
            + $"SET VARIABLE analytics_arn_files = MAP {{'': '[]'{string.Concat(lists)}}}");
        connection.Execute(DurationRollup.ViewsScript);
        var columns = string.Join(", ", RollupSchemas.DurationCounts.Columns.Select(c => DuckDbSql.Identifier(c.Name)));
        ParquetWriter.Write(connection,
            $"SELECT {columns}, {DuckDbSql.Literal(record.RunId)} AS export_run_id FROM duration_rollup() ORDER BY series, ms",
            staged, new ParquetWriteOptions { Overwrite = true });
        record.Adds.Add(ParquetFacts.Move(connection, Root, staged, relative, MergedGroup(DurationRollup.Table, dateFolder)));
        record.Removes.AddRange(files.Where(parts => parts[0] == DurationRollup.Table).Select(parts => string.Join('/', parts)).Where(path => path != relative));
    }
}
