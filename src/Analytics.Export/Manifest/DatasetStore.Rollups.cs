using Analytics.DuckDb;
using Analytics.DuckDb.Parquet;

namespace Analytics.Export.Manifest;

// The rollups of each date (Rollup.All): counted in the merging database from the date's source files as the
// compaction record leaves them, committed by that same record, which removes the date's older rollup.
public sealed partial class DatasetStore
{
    /// <summary>Whether a date (its committed files, split) has source rows of <paramref name="rollup"/> but no current one.</summary>
    private static bool NeedsRollup(Rollup rollup, List<string[]> files, HashSet<string> current) =>
        files.Any(parts => rollup.Sources.Contains(parts[0]))
        && !files.Any(parts => parts[0] == rollup.Table && current.Contains(string.Join('/', parts)));

    /// <summary>The rollups a date needs written: those whose sources this record merged or that are not current.</summary>
    private static List<Rollup> RollupsToWrite(List<string[]> files, HashSet<string> current, IReadOnlyDictionary<string, FileMove> merged) =>
        Rollup.All.Where(rollup => rollup.Sources.Any(merged.ContainsKey) || NeedsRollup(rollup, files, current)).ToList();

    /// <summary>Counts the date's rollup from its source files (the merged ones still staged) and adds it to the record.</summary>
    private void AddRollup(DuckDbConnection connection, Rollup rollup, CommitRecord record, string folder, string dateFolder, List<string[]> files,
        Dictionary<string, FileMove> merged)
    {
        var sources = new List<(string Table, string Path, FileStat? Stat, string Read)>();
        foreach (var table in rollup.Sources)
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
        var relative = $"{rollup.Table}/{dateFolder}/{Rollup.FileName(Rollup.ViewsScript, sources.Select(s => (s.Path, s.Stat)))}";
        var staged = Path.Combine(folder, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(staged)!);
        // The query layer's views over just these files: every file counts as one that may need account and region from
        // its ARN (the cheaper list needs facts this record has not committed yet).
        var lists = sources.GroupBy(s => s.Table).Select(t =>
            $", {DuckDbSql.Literal(t.Key)}: {DuckDbSql.Literal("[" + string.Join(", ", t.Select(s => DuckDbSql.Literal(s.Read))) + "]")}");
        connection.Execute("SET VARIABLE data_dir = ''; SET VARIABLE analytics_files = MAP {'': '[]'}; "
            + $"SET VARIABLE analytics_arn_files = MAP {{'': '[]'{string.Concat(lists)}}}");
        connection.Execute(Rollup.ViewsScript);
        var columns = string.Join(", ", rollup.Schema.Columns.Select(c => DuckDbSql.Identifier(c.Name)));
        ParquetWriter.Write(connection,
            $"SELECT {columns}, {DuckDbSql.Literal(record.RunId)} AS export_run_id FROM {rollup.Macro} ORDER BY {rollup.Order}",
            staged, new ParquetWriteOptions { Overwrite = true });
        record.Adds.Add(ParquetFacts.Move(connection, Root, staged, relative, MergedGroup(rollup.Table, dateFolder)));
        record.Removes.AddRange(files.Where(parts => parts[0] == rollup.Table).Select(parts => string.Join('/', parts)).Where(path => path != relative));
    }
}
