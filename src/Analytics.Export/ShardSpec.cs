using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace Analytics.Export;

/// <summary>
/// <c>--shard K/N</c>: a disjoint, complete partition of state machines and functions over N processes by a stable
/// hash of the ARN (FNV-1a, independent of process and platform), so N exporters can write one dataset.
/// </summary>
public readonly record struct ShardSpec(int Index, int Count)
{
    public static ShardSpec All { get; } = new(0, 1);

    public bool IsAll => Count == 1;

    /// <summary>A name safe for folders and file names: <c>all</c> or <c>s0of2</c>.</summary>
    public string Tag => IsAll ? "all" : string.Create(CultureInfo.InvariantCulture, $"s{Index}of{Count}");

    public override string ToString() => IsAll ? "all" : string.Create(CultureInfo.InvariantCulture, $"{Index}/{Count}");

    /// <exception cref="ValidationException">Not of the form K/N with 0 ≤ K &lt; N ≤ 1024.</exception>
    public static ShardSpec Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return All;
        }
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash > 0
            && int.TryParse(text.AsSpan(0, slash), NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            && int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            && count is >= 1 and <= 1024 && index < count)
        {
            return new ShardSpec(index, count);
        }
        throw new ValidationException($"--shard must look like K/N with 0 <= K < N <= 1024 (e.g. 0/2), got '{text}'.");
    }

    public bool Owns(string arn) => IsAll || (int)(Hash(arn) % (ulong)Count) == Index;

    private static ulong Hash(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }
        return hash;
    }
}
