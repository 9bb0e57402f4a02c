namespace Analytics.Datasets;

/// <summary>
/// The execution ARN of a saved history that does not name one, derived from its path: a file named like an ARN
/// (<c>arn:…</c>, or with <c>%3A</c> for the colons) is taken as is; otherwise the file name is the execution
/// name and the folder name the state machine (or function), in the account <c>000000000000</c> and region
/// <c>local</c>, so imported files never pass for real executions.
/// </summary>
public static class DerivedArn
{
    public static string For(string path, HistoryFileKind kind)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var stem = Path.GetFileNameWithoutExtension(path);
        if (stem.EndsWith(".history", StringComparison.Ordinal))
        {
            stem = stem[..^".history".Length];
        }
        var decoded = Uri.UnescapeDataString(stem);
        if (decoded.StartsWith("arn:", StringComparison.Ordinal))
        {
            return decoded;
        }
        var folder = Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(path))) is { Length: > 0 } name ? name : "imported";
        return kind is HistoryFileKind.Durable or HistoryFileKind.DurableState
            ? $"arn:aws:lambda:local:000000000000:function:{Clean(folder)}:$LATEST/durable-execution/{Clean(stem)}/{Clean(stem)}"
            : $"arn:aws:states:local:000000000000:execution:{Clean(folder)}:{Clean(stem)}";
    }

    /// <summary>ARN name parts allow letters, digits, '-' and '_' (and '.' for state machine names); others become '_'.</summary>
    private static string Clean(string part) =>
        string.Create(part.Length, part, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                var c = source[i];
                span[i] = char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_';
            }
        });
}
