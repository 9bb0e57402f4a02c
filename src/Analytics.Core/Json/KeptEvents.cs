using System.Text.Json;

namespace Analytics.Core.Json;

/// <summary>
/// Pages kept for histories that cannot be flattened as they arrive (newest-first, or order unknown): their bytes
/// and the location of each event object, so the events can be replayed oldest-first at the end.
/// </summary>
internal sealed class KeptEvents : IDisposable
{
    private readonly ByteArena _pages = new(1 << 16);
    private readonly List<(int Start, int Length)> _pageRanges = [];
    private readonly List<(int Start, int Length)> _events = [];

    public int Count => _events.Count;

    /// <summary>Copies a page in and returns its offset (add its events' offsets relative to the page).</summary>
    public int AddPage(ReadOnlySpan<byte> page)
    {
        var start = _pages.Length;
        _pages.Append(page);
        _pageRanges.Add((start, page.Length));
        return start;
    }

    public void AddEvent(int pageOffset, int startInPage, int length) => _events.Add((pageOffset + startInPage, length));

    /// <summary>The bytes of event <paramref name="index"/>, its page, and where in that page it starts.</summary>
    public ReadOnlySpan<byte> Event(int index, out int pageIndex, out long offsetInPage)
    {
        var (start, length) = _events[index];
        pageIndex = PageOf(start);
        offsetInPage = start - _pageRanges[pageIndex].Start;
        return _pages.Written.Slice(start, length);
    }

    /// <summary>The integer top-level member <paramref name="idMember"/> of event <paramref name="index"/>, or 0.</summary>
    public long PeekId(int index, ReadOnlySpan<byte> idMember)
    {
        var reader = new Utf8JsonReader(Event(index, out _, out _));
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isId = reader.ValueTextEquals(idMember);
            reader.Read();
            if (isId && reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var id))
            {
                return id;
            }
            reader.Skip();
        }
        return 0;
    }

    /// <summary>Whether the kept events run newest-first, judged by the ids of the first and last.</summary>
    public bool LooksDescending(ReadOnlySpan<byte> idMember) => Count > 1 && PeekId(0, idMember) > PeekId(Count - 1, idMember);

    public void Clear()
    {
        _pages.Clear();
        _pageRanges.Clear();
        _events.Clear();
    }

    public void Dispose() => _pages.Dispose();

    private int PageOf(int offset)
    {
        var low = 0;
        var high = _pageRanges.Count - 1;
        while (low < high)
        {
            var mid = (low + high + 1) / 2;
            if (_pageRanges[mid].Start <= offset)
            {
                low = mid;
            }
            else
            {
                high = mid - 1;
            }
        }
        return low;
    }
}
