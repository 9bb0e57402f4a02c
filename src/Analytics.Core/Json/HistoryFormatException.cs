namespace Analytics.Core.Json;

/// <summary>
/// A history page (or saved history file) that cannot be flattened: malformed JSON, a wrong shape, a value of the
/// wrong type, or (in strict mode) a placeholder where AWS sends a real value. Carries the byte offset of the problem
/// within the page and the page's position in the execution, so a caller can report "file:offset".
/// </summary>
public sealed class HistoryFormatException : Exception
{
    public HistoryFormatException()
    {
    }

    public HistoryFormatException(string message)
        : base(message)
    {
    }

    public HistoryFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public HistoryFormatException(string problem, long byteOffset, int pageIndex, Exception? innerException = null)
        : base($"{problem} (page {pageIndex}, byte offset {byteOffset})", innerException)
    {
        Problem = problem;
        ByteOffset = byteOffset;
        PageIndex = pageIndex;
    }

    /// <summary>What is wrong, without the position.</summary>
    public string Problem { get; } = "";

    /// <summary>Offset of the offending token from the start of the page.</summary>
    public long ByteOffset { get; }

    /// <summary>Zero-based index of the page among the pages given for the execution.</summary>
    public int PageIndex { get; }
}
