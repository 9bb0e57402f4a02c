namespace Analytics.Export.Storage;

/// <summary>An advisory lock on a file (flock on Unix), waited for in 100 ms steps.</summary>
internal static class FileLock
{
    /// <summary>
    /// The open lock file. A held lock is tried again up to <paramref name="waits"/> times (<paramref name="busy"/> is
    /// told each time); after that, or on any other I/O error, the IOException propagates.
    /// </summary>
    public static FileStream Take(string path, bool exclusive, int waits, Action<int>? busy = null)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                // On Unix .NET takes flock(LOCK_EX) for FileShare.None and flock(LOCK_SH) otherwise.
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, exclusive ? FileShare.None : FileShare.ReadWrite);
            }
            // Only a plain IOException is the lock being held; its subclasses (a missing folder, a path too long) do
            // not go away by waiting.
            catch (IOException e) when (IsHeld(e) && attempt < waits)
            {
                busy?.Invoke(attempt);
                Thread.Sleep(100);
            }
        }
    }

    /// <summary>True when the error is the lock being held by someone else.</summary>
    public static bool IsHeld(IOException e) => e.GetType() == typeof(IOException);
}
