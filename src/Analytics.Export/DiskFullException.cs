namespace Analytics.Export;

/// <summary>
/// The dataset's disk is full. Raised instead of whatever the writer met (an <see cref="IOException"/> with ENOSPC, or
/// DuckDB's "Out of Memory … max_temp_directory_size", which is how DuckDB reports a spill folder on a full disk), so
/// the user reads one line naming the folder. The dataset stays consistent: nothing past the last commit point counts.
/// </summary>
public sealed class DiskFullException(string path, Exception inner)
    : IOException($"no space left on {path}: free some space there and run the export again (it continues from its last commit)", inner)
{
    private const int Enospc = 28;

    public string Path { get; } = path;

    /// <summary>True when the exception, or one it wraps, says the disk is full.</summary>
    public static bool IsDiskFull(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if ((e is IOException && (e.HResult & 0xFFFF) == Enospc)
                || e.Message.Contains("No space left on device", StringComparison.OrdinalIgnoreCase)
                || e.Message.Contains("max_temp_directory_size", StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }
}
