namespace Analytics.Aws.Http;

/// <summary>Shared paginator rules.</summary>
internal static class Pagination
{
    /// <summary>
    /// The token for the next request, or null when the listing is complete. A service that hands back the token it
    /// was just given would loop forever: that is reported instead.
    /// </summary>
    public static string? Next(string? previous, string? next, string api)
    {
        if (string.IsNullOrEmpty(next))
        {
            return null;
        }

        if (next == previous)
        {
            throw new InvalidOperationException($"{api} returned the same pagination token twice; stopping instead of looping.");
        }

        return next;
    }

    /// <summary><see cref="Next"/> for a history page, which is disposed (its buffer returned) if the check fails.</summary>
    public static string? Next(string? previous, HistoryPage page, string api) => Next(previous, page, page.NextToken, api);

    /// <summary><see cref="Next"/> for a page that owns a buffer: disposed if the check fails.</summary>
    public static string? Next(string? previous, IDisposable page, string? next, string api)
    {
        try
        {
            return Next(previous, next, api);
        }
        catch
        {
            page.Dispose();
            throw;
        }
    }
}
