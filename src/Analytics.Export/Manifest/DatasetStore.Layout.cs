namespace Analytics.Export.Manifest;

// One dataset, one shard layout at a time. Every run holds layout-<N>.lock shared, N being its layout's shard count
// (1 unsharded), so runs of one layout coexist; it then probes every other layout's lock for an exclusive hold, which
// fails while any run of that layout is alive. Two runs of different layouts starting at the same instant may both
// refuse; never may both proceed (their shards would overlap and duplicate rows).
public sealed partial class DatasetStore
{
    private static FileStream TakeLayoutLock(string locks, ShardSpec shard, string root)
    {
        var ownPath = Path.Combine(locks, $"layout-{shard.Count}.lock");
        var own = new FileStream(ownPath, FileMode.OpenOrCreate, FileAccess.Read, FileShare.ReadWrite);
        foreach (var other in Directory.EnumerateFiles(locks, "layout-*.lock"))
        {
            if (other == ownPath)
            {
                continue;
            }
            try
            {
                using var probe = new FileStream(other, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException e)
            {
                own.Dispose();
                var count = Path.GetFileNameWithoutExtension(other)["layout-".Length..];
                var running = count == "1" ? "an unsharded export" : $"an export sharded {count} ways (--shard K/{count})";
                throw new ExportConflictException(
                    $"{running} is running into {root}; this run's layout ({(shard.IsAll ? "unsharded" : $"--shard {shard}")}) "
                    + "would overlap its shards and duplicate rows. Run with the same layout, or after it has finished.", e);
            }
        }
        return own;
    }
}
