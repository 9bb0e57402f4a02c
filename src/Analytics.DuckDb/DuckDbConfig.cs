namespace Analytics.DuckDb;

/// <summary>Settings for <see cref="DuckDbDatabase.Open"/> (DuckDB's own option names and values), applied with
/// <c>SET GLOBAL</c> as the database opens, before any caller's connection exists.</summary>
public sealed class DuckDbConfig
{
    /// <summary>Worker threads (DuckDB <c>threads</c>); null keeps DuckDB's default (all cores).</summary>
    public int? Threads { get; init; }

    /// <summary>DuckDB <c>memory_limit</c>, e.g. "2GB"; null keeps DuckDB's default (80% of RAM).</summary>
    public string? MemoryLimit { get; init; }

    /// <summary>
    /// The session time zone for TIMESTAMPTZ casts, date parts and rendering. UTC by default, so results never depend
    /// on the machine's zone (the dataset is UTC); null keeps DuckDB's default (the machine's zone).
    /// </summary>
    public string? TimeZone { get; init; } = "UTC";

    /// <summary>Any other DuckDB setting <c>SET GLOBAL</c> accepts, by name, e.g. <c>["temp_directory"] = "/scratch"</c>.</summary>
    public IDictionary<string, string> Options { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    internal IEnumerable<KeyValuePair<string, string>> AllOptions()
    {
        if (Threads is { } threads)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1, nameof(Threads));
            yield return new("threads", threads.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        if (MemoryLimit is { } memoryLimit)
        {
            yield return new("memory_limit", memoryLimit);
        }
        foreach (var option in Options)
        {
            yield return option;
        }
    }
}
