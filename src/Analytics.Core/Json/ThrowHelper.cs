using System.Diagnostics.CodeAnalysis;

namespace Analytics.Core.Json;

/// <summary>Throws from out-of-line helpers so the hot parsing methods stay small.</summary>
internal static class ThrowHelper
{
    [DoesNotReturn]
    public static void Format(string problem, long byteOffset, int pageIndex, Exception? inner = null) =>
        throw new HistoryFormatException(problem, byteOffset, pageIndex, inner);
}
