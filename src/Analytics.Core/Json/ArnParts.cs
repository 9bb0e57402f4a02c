namespace Analytics.Core.Json;

/// <summary>
/// The colon-separated fields of an ARN (<c>arn:partition:service:region:account:resource...</c>) as ranges of its
/// UTF-8 bytes. Only region and account are read generically; services parse their resource part themselves.
/// </summary>
internal readonly ref struct ArnParts
{
    private readonly ReadOnlySpan<byte> _arn;
    private readonly Span<Range> _fields;

    /// <summary>Splits at most <paramref name="fields"/>.Length fields; the last one keeps any further colons.</summary>
    public ArnParts(ReadOnlySpan<byte> arn, Span<Range> fields)
    {
        _arn = arn;
        _fields = fields;
        Count = Split(arn, (byte)':', fields);
        IsArn = Count >= 6 && arn[fields[0]].SequenceEqual("arn"u8);
    }

    /// <summary>The same split of an ARN held as text: the field count, the fields' ranges in <paramref name="fields"/>.</summary>
    public static int Split(ReadOnlySpan<char> arn, Span<Range> fields) => Split(arn, ':', fields);

    private static int Split<T>(ReadOnlySpan<T> arn, T colon, Span<Range> fields)
        where T : IEquatable<T>
    {
        var count = 0;
        var start = 0;
        while (count < fields.Length - 1)
        {
            var at = arn[start..].IndexOf(colon);
            if (at < 0)
            {
                break;
            }
            fields[count++] = new Range(start, start + at);
            start += at + 1;
        }
        fields[count++] = new Range(start, arn.Length);
        return count;
    }

    public int Count { get; }

    public bool IsArn { get; }

    public ReadOnlySpan<byte> this[int field] => field < Count ? _arn[_fields[field]] : default;

    public Range RangeOf(int field) => _fields[field];

    public ReadOnlySpan<byte> Partition => this[1];

    public ReadOnlySpan<byte> Service => this[2];

    public ReadOnlySpan<byte> Region => this[3];

    public ReadOnlySpan<byte> Account => this[4];
}
