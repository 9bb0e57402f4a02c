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
        Count = 0;
        var start = 0;
        while (Count < fields.Length - 1)
        {
            var colon = arn[start..].IndexOf((byte)':');
            if (colon < 0)
            {
                break;
            }
            fields[Count++] = new Range(start, start + colon);
            start += colon + 1;
        }
        fields[Count++] = new Range(start, arn.Length);
        IsArn = Count >= 6 && arn[fields[0]].SequenceEqual("arn"u8);
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
