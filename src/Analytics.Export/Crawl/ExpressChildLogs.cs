using System.Buffers.Binary;
using Microsoft.Win32.SafeHandles;

namespace Analytics.Export.Crawl;

/// <summary>
/// One unit's EXPRESS Distributed Map children as their parent state machine's log group holds them (they log to the
/// parent's group, aws-wire-facts-logs §1): the log crawl puts each child whose lines are all in, and the fetch of a
/// Map Run takes them, waiting for the crawl of that state machine's group when it has not finished yet. A child whose
/// lines are not all in (or whose parent does not log) keeps its row from the Map Run listing, without events; one
/// whose lines may be in what the crawl could not read waits for a later run (a pending part).
/// </summary>
/// <remarks>
/// The fetches take children only once the whole group is read, and the window also holds children nobody takes (those
/// of parents exported by an earlier run, read again in the overlap), so what is put grows with the window. At most
/// <c>memoryCap</c> bytes of lines stay in memory; a child that would go beyond it is appended to a spill file
/// (deleted when this is disposed) and read back when taken: memory keeps only its offset, nothing is lost.
/// </remarks>
internal sealed class ExpressChildLogs : IDisposable
{
    private readonly Dictionary<string, TaskCompletionSource<bool>> _crawls = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<byte[]>> _held = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (long Offset, int Length)> _spilled = new(StringComparer.Ordinal);
    private readonly long _memoryCap;
    private readonly string _spillFile;
    private readonly object _lock = new();
    private SafeFileHandle? _spill;
    private long _spillLength;

    /// <param name="stateMachineArns">The unit's state machines whose log groups are crawled.</param>
    /// <param name="memoryCap">The most bytes of lines held in memory.</param>
    /// <param name="spillFile">Where the children beyond <paramref name="memoryCap"/> go (created when first needed).</param>
    public ExpressChildLogs(IEnumerable<string> stateMachineArns, long memoryCap, string spillFile)
    {
        foreach (var arn in stateMachineArns)
        {
            _crawls[arn] = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        (_memoryCap, _spillFile) = (memoryCap, spillFile);
    }

    /// <summary>Bytes of lines held in memory now.</summary>
    public long HeldBytes { get; private set; }

    /// <summary>The most bytes of lines ever held in memory at once (never above the cap).</summary>
    public long PeakHeldBytes { get; private set; }

    /// <summary>Children that went to the spill file.</summary>
    public long SpilledChildren { get; private set; }

    public void Put(string childArn, List<byte[]> lines)
    {
        var bytes = lines.Sum(l => (long)l.Length);
        lock (_lock)
        {
            Remove(childArn);
            if (HeldBytes + bytes <= _memoryCap)
            {
                _held[childArn] = lines;
                HeldBytes += bytes;
                PeakHeldBytes = Math.Max(PeakHeldBytes, HeldBytes);
                return;
            }
            // Each line as its 4-byte length and its bytes.
            var record = new byte[lines.Sum(l => 4 + l.Length)];
            var at = 0;
            foreach (var line in lines)
            {
                BinaryPrimitives.WriteInt32LittleEndian(record.AsSpan(at), line.Length);
                line.CopyTo(record, at + 4);
                at += 4 + line.Length;
            }
            _spill ??= File.OpenHandle(_spillFile, FileMode.Create, FileAccess.ReadWrite, FileShare.None, FileOptions.DeleteOnClose);
            RandomAccess.Write(_spill, record, _spillLength);
            _spilled[childArn] = (_spillLength, record.Length);
            _spillLength += record.Length;
            SpilledChildren++;
        }
    }

    /// <summary>The crawl of the state machine's group ended: its children are in, unless it <paramref name="failed"/>.</summary>
    public void Crawled(string stateMachineArn, bool failed)
    {
        if (_crawls.TryGetValue(stateMachineArn, out var crawl))
        {
            crawl.TrySetResult(!failed);
        }
    }

    /// <summary>
    /// Waits for the crawl of the group a Map Run's (<c>arn:…:mapRun:MACHINE/label:id</c>) EXPRESS children log to;
    /// false when it failed (some of their lines may not have been read), true when it read the group or there is none.
    /// </summary>
    public async Task<bool> ReadAsync(string mapRunArn, CancellationToken ct) =>
        !_crawls.TryGetValue(StateMachineOf(mapRunArn), out var crawl) || await crawl.Task.WaitAsync(ct).ConfigureAwait(false);

    /// <summary>An EXPRESS child's lines once <see cref="ReadAsync"/> said its group was read; null when not all are in.</summary>
    public List<byte[]>? Take(string childArn)
    {
        lock (_lock)
        {
            if (_held.Remove(childArn, out var lines))
            {
                HeldBytes -= lines.Sum(l => (long)l.Length);
                return lines;
            }
            if (!_spilled.Remove(childArn, out var at))
            {
                return null;
            }
            var record = new byte[at.Length];
            RandomAccess.Read(_spill!, record, at.Offset);
            var read = new List<byte[]>();
            for (var i = 0; i < record.Length;)
            {
                var length = BinaryPrimitives.ReadInt32LittleEndian(record.AsSpan(i));
                read.Add(record.AsSpan(i + 4, length).ToArray());
                i += 4 + length;
            }
            return read;
        }
    }

    /// <summary>A child put again (a later pass completed it anew) replaces what was put before.</summary>
    private void Remove(string childArn)
    {
        if (_held.Remove(childArn, out var lines))
        {
            HeldBytes -= lines.Sum(l => (long)l.Length);
        }
        _spilled.Remove(childArn);
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _spill?.Dispose();
            _spill = null;
        }
    }

    /// <summary><c>arn:…:mapRun:MACHINE/label:id</c> → <c>arn:…:stateMachine:MACHINE</c>.</summary>
    public static string StateMachineOf(string mapRunArn)
    {
        const string marker = ":mapRun:";
        var at = mapRunArn.IndexOf(marker, StringComparison.Ordinal);
        var slash = at < 0 ? -1 : mapRunArn.IndexOf('/', at);
        return slash < 0 ? "" : mapRunArn[..at] + ":stateMachine:" + mapRunArn[(at + marker.Length)..slash];
    }
}

/// <summary>A Map Run's EXPRESS children could not be given their events: their parent's log group was not read.</summary>
internal sealed class LogGroupNotReadException(string message) : Exception(message);
