namespace Analytics.Core.Json;

/// <summary>
/// The account and region of an ARN (<c>arn:partition:service:region:account:resource</c>): what every table's
/// <c>account_id</c> and <c>region</c> columns hold. NULL for text that is not an ARN or leaves the field empty.
/// </summary>
public static class ArnLocation
{
    public static string? Account(string? arn) => Field(arn, 4);

    public static string? Region(string? arn) => Field(arn, 3);

    /// <summary>The byte ranges of the account and region of a UTF-8 ARN, for the flatteners (no allocation).</summary>
    internal static bool TryLocate(ReadOnlySpan<byte> arn, out Range account, out Range region)
    {
        Span<Range> fields = stackalloc Range[6];
        var parts = new ArnParts(arn, fields);
        account = parts.IsArn ? parts.RangeOf(4) : default;
        region = parts.IsArn ? parts.RangeOf(3) : default;
        return parts.IsArn;
    }

    private static string? Field(string? arn, int field)
    {
        if (arn is null || !arn.StartsWith("arn:", StringComparison.Ordinal))
        {
            return null;
        }
        Span<Range> fields = stackalloc Range[6];
        if (ArnParts.Split(arn, fields) < 6)
        {
            return null;
        }
        var value = arn[fields[field]];
        return value.Length > 0 ? value : null;
    }
}
