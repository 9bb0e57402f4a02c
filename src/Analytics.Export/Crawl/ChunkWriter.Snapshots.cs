using System.Globalization;
using Analytics.Export.Manifest;
using Analytics.Export.Staging;

namespace Analytics.Export.Crawl;

// What a snapshot of the day keeps from the committed ones (SnapshotRows): the earlier rows of resources whose snapshot
// call failed this run, and none of another shard layout's rows for the resources this shard now owns.
internal sealed partial class ChunkWriter
{
    // Table -> resources (state machine ARN, unqualified function ARN) whose snapshot call failed for good this run.
    private readonly Dictionary<string, HashSet<string>> _keep = new(StringComparer.Ordinal);

    private const int KeptFileNumber = 999_999;

    /// <summary>The resource's snapshot call failed for good: its latest committed rows stay in this run's snapshot
    /// rather than vanish from the day's (they are as old as the run that fetched them, whose id they keep).</summary>
    public void KeepEarlierRows(string table, string resourceArn)
    {
        lock (_keep)
        {
            if (!_keep.TryGetValue(table, out var arns))
            {
                _keep[table] = arns = new HashSet<string>(StringComparer.Ordinal);
            }
            arns.Add(resourceArn);
        }
    }

    /// <summary>Stages, once per run (with its first commit), the kept rows as one more file of the snapshot.</summary>
    private List<(string Staged, string Relative)> KeptRows(string folder, DateOnly snapshotDate)
    {
        var files = new List<(string, string)>();
        lock (_keep)
        {
            foreach (var (table, arns) in _keep)
            {
                // Named like the chunk's own files (what repair recognises), numbered past any the Parquet writer uses.
                var relative = string.Create(CultureInfo.InvariantCulture, $"{table}/date={snapshotDate:yyyy-MM-dd}/{ChunkName}-{KeptFileNumber}.parquet");
                var staged = Path.Combine(folder, "kept", relative);
                var committed = _store.State.GroupFiles.Where(g => TableOfSnapshotGroup(g.Key) == table).SelectMany(g => g.Value);
                if (SnapshotRows.CarryForward(_stage.Connection, _store.Root, committed, table, arns, staged))
                {
                    files.Add((staged, relative));
                }
            }
            _keep.Clear();
        }
        return files;
    }

    /// <summary>
    /// This shard's new snapshot of a table for a date stands for every resource it owns: another shard layout's rows of
    /// them that day (an unsharded run before a sharded one, or the other way round) are rewritten away, so re-sharding
    /// a deployment just works and no resource is there twice.
    /// </summary>
    private void TakeOverFromOtherLayouts(string group, CommitRecord record, string folder)
    {
        var parts = group.Split('/'); // snapshot/<shard tag>/<table>/<date>
        var others = _store.State.GroupFiles
            .Where(g => g.Key.Split('/') is ["snapshot", var tag, var table, var date] && DatasetStore.IsOtherLayout(tag, _store.Shard) && table == parts[2] && date == parts[3])
            .SelectMany(g => g.Value.Select(f => (File: f, Group: g.Key)))
            .ToDictionary(f => f.File, f => f.Group, StringComparer.Ordinal);
        foreach (var (relative, staged) in SnapshotRows.DropOwned(_stage.Connection, _store.Root, others.Keys, parts[2], _job.Owns, folder))
        {
            if (staged is null)
            {
                record.Removes.Add(relative);
            }
            else
            {
                record.Replaces.Add(ParquetFacts.Move(_stage.Connection, _store.Root, staged, relative, others[relative]));
            }
        }
    }

    private static string? TableOfSnapshotGroup(string group) => group.Split('/') is ["snapshot", _, var table, _] ? table : null;
}
