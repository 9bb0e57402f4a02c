namespace Analytics.Core.Flattening;

/// <summary>What lenient mode accepted instead of rejecting, counted since the flattener was created.</summary>
public sealed class FlattenerWarnings
{
    /// <summary>Timestamps that could not be parsed and were stored as null.</summary>
    public long UnparseableTimestamps { get; internal set; }

    /// <summary>JSON objects/arrays/numbers found where AWS sends JSON text, stored as compact JSON text.</summary>
    public long DecodedJsonText { get; internal set; }

    public bool Any => UnparseableTimestamps > 0 || DecodedJsonText > 0;

    public override string ToString() =>
        $"{UnparseableTimestamps} unparseable timestamp(s) stored as null, {DecodedJsonText} JSON value(s) stored as JSON text";
}
