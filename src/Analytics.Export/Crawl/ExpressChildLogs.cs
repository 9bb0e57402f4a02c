using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
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
/// The crawl runs far ahead of the Map Run fetches (they wait for its end), so it would hold the whole window's
/// children: 208,739 of them, 1.1 GB of lines, in the 1M world. Their lines go to a scratch file in the run's spill
/// folder instead, with only where each child's record is in memory; it is deleted when the unit ends (a crash leaves it
/// to the next run's spill folder cleanup: nothing in it is the dataset's). The index is keyed by 128 bits of the ARN's
/// SHA-256, not the ARN: holding the ARNs themselves cost ~130 MB of strings by the 1M world's 450,000th child (and
/// fragmented the heap around them); each record starts with its ARN, which <see cref="Take"/> checks.
/// </remarks>
internal sealed class ExpressChildLogs : IDisposable
{
    private readonly Dictionary<string, TaskCompletionSource<bool>> _crawls = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _windowStarts = new(StringComparer.Ordinal);
    private readonly Dictionary<UInt128, (long Offset, int Length, int Redrive)> _children = [];
    private readonly string _spillPath;
    private SafeFileHandle? _spill;
    private long _end;

    /// <param name="stateMachineArns">The unit's state machines whose log groups are crawled.</param>
    /// <param name="spillFolder">Where the children's lines wait (created when the first one comes).</param>
    public ExpressChildLogs(IEnumerable<string> stateMachineArns, string spillFolder)
    {
        foreach (var arn in stateMachineArns)
        {
            _crawls[arn] = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        _spillPath = Path.Combine(spillFolder, $"express-children-{Guid.NewGuid():N}.bin");
    }

    /// <summary>Children whose lines wait in the spill file.</summary>
    public int Spilled
    {
        get
        {
            lock (_children)
            {
                return _children.Count;
            }
        }
    }

    /// <summary>
    /// Puts a child's lines (its ARN, then each line, each as its length and its bytes); a redrive older than the one
    /// already put is ignored (a Map Run redrive reuses the child's ARN, and the slices of a pass complete children in
    /// any order).
    /// </summary>
    public void Put(string childArn, int redrive, LogLines lines)
    {
        var key = KeyOf(childArn);
        var arnLength = Encoding.UTF8.GetByteCount(childArn);
        var length = 4 + arnLength + (4 * lines.Count) + (int)lines.Bytes;
        // One block, written at once: a part per line cost two arrays per line and the gather write's own.
        var block = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            BinaryPrimitives.WriteInt32LittleEndian(block, arnLength);
            var at = 4 + Encoding.UTF8.GetBytes(childArn, block.AsSpan(4));
            foreach (var line in lines)
            {
                BinaryPrimitives.WriteInt32LittleEndian(block.AsSpan(at), line.Length);
                line.Span.CopyTo(block.AsSpan(at + 4));
                at += 4 + line.Length;
            }
            Write(key, redrive, block.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(block);
        }
    }

    private void Write(UInt128 key, int redrive, ReadOnlySpan<byte> block)
    {
        var length = block.Length;
        long offset;
        lock (_children)
        {
            if (_children.TryGetValue(key, out var put) && put.Redrive > redrive)
            {
                return;
            }
            offset = _end;
            _end += length;
            _children[key] = (offset, length, redrive);
            _spill ??= OpenSpill();
        }
        // Each child has its own range: writes need no lock (Take of it waits for the crawl, which waits for this).
        RandomAccess.Write(_spill, block, offset);
    }

    /// <summary>A child a newer redrive of which was read but not put: the older one's lines are not its events.</summary>
    public void Forget(string childArn, int newerRedrive)
    {
        lock (_children)
        {
            var key = KeyOf(childArn);
            if (_children.TryGetValue(key, out var put) && put.Redrive < newerRedrive)
            {
                _children.Remove(key);
            }
        }
    }

    private SafeFileHandle OpenSpill()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_spillPath)!);
        return File.OpenHandle(_spillPath, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, FileOptions.DeleteOnClose);
    }

    /// <summary>Where the crawl of the state machine's group starts reading (none: from the group's beginning).</summary>
    public void WindowStarts(string stateMachineArn, DateTimeOffset? from)
    {
        lock (_windowStarts)
        {
            if (from is { } start)
            {
                _windowStarts[stateMachineArn] = start;
            }
        }
    }

    /// <summary>
    /// Whether a Map Run's child started before the window read of the group it logs to: then its first lines were not
    /// read (a parent an earlier run met RUNNING, its children older than this run's window).
    /// </summary>
    public bool StartedBeforeWindow(string mapRunArn, DateTimeOffset childStart)
    {
        lock (_windowStarts)
        {
            return _windowStarts.TryGetValue(StateMachineOf(mapRunArn), out var start) && childStart < start;
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
    public LogLines? Take(string childArn)
    {
        (long Offset, int Length, int Redrive) put;
        lock (_children)
        {
            if (!_children.Remove(KeyOf(childArn), out put))
            {
                return null;
            }
        }
        var block = new byte[put.Length];
        for (var read = 0; read < block.Length;)
        {
            var n = RandomAccess.Read(_spill!, block.AsSpan(read), put.Offset + read);
            read += n > 0 ? n : throw new IOException($"the spill file {_spillPath} ended early");
        }
        var arnLength = BinaryPrimitives.ReadInt32LittleEndian(block);
        if (!block.AsSpan(4, arnLength).SequenceEqual(Encoding.UTF8.GetBytes(childArn)))
        {
            throw new InvalidDataException($"the spill file {_spillPath} holds another child's lines under {childArn}'s key");
        }
        var lines = new List<(int Offset, int Length)>();
        for (var at = 4 + arnLength; at < block.Length;)
        {
            var length = BinaryPrimitives.ReadInt32LittleEndian(block.AsSpan(at));
            lines.Add((at + 4, length));
            at += 4 + length;
        }
        return LogLines.Over(block, lines);
    }

    /// <summary>128 bits of the ARN's SHA-256: no two of a run's ARNs share it (the odds are ~10^-26 at a million).</summary>
    private static UInt128 KeyOf(string childArn)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(childArn), hash);
        return BinaryPrimitives.ReadUInt128LittleEndian(hash);
    }

    /// <summary>Deletes the spill file (opened to be deleted on close).</summary>
    public void Dispose() => _spill?.Dispose();

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

/// <summary>An EXPRESS child started before the window this run read of its parent's log group: its lines may not all
/// be in (a later run reads the group from the child's start).</summary>
internal sealed class LinesBeforeWindowException(string message) : Exception(message);
