using System.Globalization;
using Analytics.Export.Storage;

namespace Analytics.Export.Manifest;

// One dataset, one shard layout at a time. Every run holds layout-<N>.lock shared, N being its layout's shard count
// (1 unsharded), so runs of one layout coexist; it then probes every other layout's lock for an exclusive hold, which
// fails while any run of that layout is alive. Two runs of different layouts starting at the same instant may both
// refuse; never may both proceed (their shards would overlap and duplicate rows). A probe holds the lock it probes
// exclusively for an instant, so probes take turns under probe-layouts.lock: a probe never meets another run's probe,
// and a layout lock found held is always held by a run (or a repair), never by a run starting beside it. (Retrying a
// probe a few times, a little apart, only made meeting another probe unlikely: a probe preempted on a loaded machine
// held its lock for longer than the retries lasted.)
public sealed partial class DatasetStore
{
    /// <summary>How long a run waits for the probe lock, in 100 ms steps. Probes hold it for an instant; a run that
    /// waited this long has found something holding it that is not a probe.</summary>
    private const int ProbeLockWaits = 600;

    internal static FileStream TakeLayoutLock(string locks, ShardSpec shard, string root)
    {
        var ownPath = Path.Combine(locks, $"layout-{shard.Count}.lock");
        var own = new FileStream(ownPath, FileMode.OpenOrCreate, FileAccess.Read, FileShare.ReadWrite);
        try
        {
            using var probing = TakeProbeLock(locks, root);
            foreach (var other in Directory.EnumerateFiles(locks, "layout-*.lock"))
            {
                if (other != ownPath && HeldByARun(other) is { } e)
                {
                    var count = Path.GetFileNameWithoutExtension(other)["layout-".Length..];
                    var running = count == "1" ? "an unsharded export" : $"an export sharded {count} ways (--shard K/{count})";
                    throw new ExportConflictException(
                        $"{running} is running into {root}; this run's layout ({(shard.IsAll ? "unsharded" : $"--shard {shard}")}) "
                        + "would overlap its shards and duplicate rows. Run with the same layout, or after it has finished.", e);
                }
            }
        }
        catch
        {
            own.Dispose();
            throw;
        }
        return own;
    }

    /// <summary>The lock probes take turns under. Not named layout-*.lock: it is no layout's lock (a repair takes every
    /// layout's lock, and only those).</summary>
    private static FileStream TakeProbeLock(string locks, string root)
    {
        try
        {
            return FileLock.Take(Path.Combine(locks, "probe-layouts.lock"), exclusive: true, ProbeLockWaits);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw e is IOException io && FileLock.IsHeld(io)
                ? new ExportConflictException($"The layout probe lock of {root} (probe-layouts.lock) was held for a minute: another run holds it.", e)
                : CannotWrite(root, e);
        }
    }

    /// <summary>The error of an exclusive probe of <paramref name="path"/> when it finds the lock held; null when it gets it.</summary>
    private static IOException? HeldByARun(string path)
    {
        try
        {
            using var exclusive = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            return null;
        }
        catch (IOException e) when (FileLock.IsHeld(e))
        {
            return e;
        }
    }

    private FileStream? _takeoverLock;

    /// <summary>
    /// A shard whose snapshot of <paramref name="date"/> will replace another layout's rows of that date (re-sharding
    /// on the same day) rewrites files its sibling shards rewrite too: such runs go one at a time (takeover.lock held
    /// for the whole run), each reading the manifest afresh once it has the lock, so each sees what the one before took
    /// over and its commit records are named after that one's (records are folded in name order).
    /// </summary>
    private void WaitForTakeover(string locks, DateOnly date, CancellationToken cancellationToken)
    {
        var suffix = "/date=" + date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        if (!State.GroupFiles.Keys.Any(g => g.Split('/') is ["snapshot", var tag, _, _] && IsOtherLayout(tag, Shard) && g.EndsWith(suffix, StringComparison.Ordinal)))
        {
            return;
        }
        var path = Path.Combine(locks, "takeover.lock");
        while (true)
        {
            try
            {
                _takeoverLock = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                break;
            }
            catch (IOException e) when (FileLock.IsHeld(e))
            {
                cancellationToken.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(200));
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
        LoadChecked();
    }

    /// <summary>Whether a shard tag (<see cref="ShardSpec.Tag"/>: all, s0of2) is of another layout than <paramref name="shard"/>'s.</summary>
    internal static bool IsOtherLayout(string tag, ShardSpec shard)
    {
        var of = tag.LastIndexOf("of", StringComparison.Ordinal);
        var count = tag == "all" ? 1 : of > 0 && int.TryParse(tag.AsSpan(of + 2), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1;
        return count != shard.Count;
    }
}
