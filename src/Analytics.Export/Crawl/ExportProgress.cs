namespace Analytics.Export.Crawl;

/// <summary>
/// A running export's counters, for a progress display: executions listed for fetching, fetched, staged by the writer
/// and committed; API calls and throttles split into listing (List*/Describe*) and history fetching (Get*).
/// </summary>
public readonly record struct ExportProgress(
    long Listed,
    long Fetched,
    long Staged,
    long Committed,
    long ListingCalls,
    long ListingThrottled,
    long FetchCalls,
    long FetchThrottled);
