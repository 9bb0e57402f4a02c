namespace Analytics.Emulator.Http.Paging;

/// <summary>One page cut out of an indexed listing: the items to serve and where the next page starts.</summary>
internal readonly record struct PageSlice<T>(List<T> Items, long? Next);

/// <summary>
/// Cuts pages out of lazily materialized listings; each item is materialized at most once per page. With a filter,
/// items are scanned from the token's position until the page is full; the scan per page is bounded, so a page of a
/// huge listing with a rare filter may come back short or even empty with a next token — AWS does the same, and
/// clients must keep following the token.
/// </summary>
internal static class Pager
{
    /// <summary>How many items one filtered page may examine (each may cost a simulation in a big world).</summary>
    public const int DefaultScanLimit = 10_000;

    public static PageSlice<T> Cut<T>(int total, Func<int, T> itemAt, long start, int pageSize, Func<T, bool>? matches = null,
        int scanLimit = DefaultScanLimit)
    {
        var position = (int)Math.Min(start, total);
        var items = new List<T>(Math.Min(pageSize, total - position));
        var budget = scanLimit;
        while (position < total && items.Count < pageSize && budget-- > 0)
        {
            var item = itemAt(position);
            if (matches is null || matches(item))
            {
                items.Add(item);
            }
            position++;
        }
        if (matches is not null)
        {
            // Skip ahead to the next match so a listing does not end with an empty page when nothing is left.
            while (position < total && budget-- > 0 && !matches(itemAt(position)))
            {
                position++;
            }
        }
        return new PageSlice<T>(items, position < total ? position : null);
    }

    public static PageSlice<T> Cut<T>(IReadOnlyList<T> list, long start, int pageSize) =>
        Cut(list.Count, i => list[i], start, pageSize);

    public static PageSlice<T> Cut<T>(World.IPagedList<T> list, long start, int pageSize, Func<T, bool>? matches = null,
        int scanLimit = DefaultScanLimit) =>
        Cut(list.Count, i => list[i], start, pageSize, matches, scanLimit);
}
