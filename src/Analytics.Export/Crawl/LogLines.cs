using System.Buffers;
using System.Collections;

namespace Analytics.Export.Crawl;

/// <summary>
/// One EXPRESS execution's log lines (CloudWatch Logs messages) in id order, packed in one buffer: the crawl held an
/// array per line until the execution was written (~95 MB of them dead and waiting for a gen2 collection in a heap
/// dump of the 1M world's export). The collector's buffer is rented from <see cref="ArrayPool{T}.Shared"/> and given
/// back by <see cref="Dispose"/> once the lines are written (flattened, or put in the children's spill file).
/// </summary>
internal sealed class LogLines : IReadOnlyList<ReadOnlyMemory<byte>>, IDisposable
{
    private readonly List<(int Offset, int Length)> _lines;
    private readonly bool _pooled;
    private byte[]? _buffer;

    private LogLines(byte[] buffer, List<(int Offset, int Length)> lines, bool pooled)
    {
        _buffer = buffer;
        _lines = lines;
        _pooled = pooled;
        Bytes = lines.Sum(l => (long)l.Length);
    }

    /// <summary>Lines in a buffer rented from <see cref="ArrayPool{T}.Shared"/>, which they now own.</summary>
    public static LogLines Pooled(byte[] buffer, List<(int Offset, int Length)> lines) => new(buffer, lines, pooled: true);

    /// <summary>Lines in a buffer of their own (not pooled).</summary>
    public static LogLines Over(byte[] buffer, List<(int Offset, int Length)> lines) => new(buffer, lines, pooled: false);

    /// <summary>Copies of the lines given, in that order (not pooled).</summary>
    public static LogLines Of(IEnumerable<byte[]> lines)
    {
        var buffer = new List<byte>();
        var ranges = new List<(int Offset, int Length)>();
        foreach (var line in lines)
        {
            ranges.Add((buffer.Count, line.Length));
            buffer.AddRange(line);
        }
        return Over([.. buffer], ranges);
    }

    public int Count => _lines.Count;

    /// <summary>The lines' bytes together.</summary>
    public long Bytes { get; }

    public ReadOnlyMemory<byte> this[int index] =>
        new(_buffer ?? throw new ObjectDisposedException(nameof(LogLines)), _lines[index].Offset, _lines[index].Length);

    public IEnumerator<ReadOnlyMemory<byte>> GetEnumerator()
    {
        for (var i = 0; i < _lines.Count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, null);
        if (buffer is { Length: > 0 } && _pooled)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
