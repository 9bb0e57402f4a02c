namespace Analytics.Export.Storage;

/// <summary>An advisory lock on a file (flock on Unix), waited for in 100 ms steps.</summary>
internal static class FileLock
{
    /// <summary>
    /// The open lock file. A held lock is tried again up to <paramref name="waits"/> times (<paramref name="busy"/> is
    /// told each time); after that, or on any other I/O error (a read-only file system, no permission), the exception
    /// propagates at once: only a holder goes away by waiting.
    /// </summary>
    public static FileStream Take(string path, bool exclusive, int waits, Action<int>? busy = null)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return Open(path, exclusive);
            }
            catch (IOException e) when (IsHeld(e) && attempt < waits)
            {
                busy?.Invoke(attempt);
                Thread.Sleep(100);
            }
        }
    }

    /// <summary>
    /// True when the error is the lock being held by someone else: flock's EWOULDBLOCK on Unix, a sharing or lock
    /// violation on Windows. Other errors are plain IOExceptions too (EROFS: a read-only mount), and its subclasses (a
    /// missing folder, a path too long) never are the lock.
    /// </summary>
    public static bool IsHeld(IOException e) => e.GetType() == typeof(IOException) && (OperatingSystem.IsWindows()
        ? (e.HResult & 0xFFFF) is 32 or 33
        : e.HResult == (OperatingSystem.IsLinux() ? 11 : 35)); // EWOULDBLOCK: 11 on Linux, 35 on macOS and the BSDs

    private static FileStream Open(string path, bool exclusive)
    {
        try
        {
            // On Unix .NET takes flock(LOCK_EX) for FileShare.None and flock(LOCK_SH) otherwise.
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, exclusive ? FileShare.None : FileShare.ReadWrite);
        }
        catch (Exception e) when (!exclusive && (e is UnauthorizedAccessException || (e is IOException io && !IsHeld(io))) && File.Exists(path))
        {
            // A reader of a dataset it cannot write (a read-only mount, no permission): a shared lock needs only a
            // read handle, so it still waits for a writer that holds the lock elsewhere, and only for one.
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        }
    }
}
