namespace Analytics.Core.Flattening;

/// <summary>How a flattener treats payloads and imperfect input.</summary>
public sealed record FlattenerOptions
{
    /// <summary>Copy <c>input</c>/<c>output</c> (and assigned variables) text into the rows; sizes are always kept.</summary>
    public bool IncludeExecutionData { get; init; }

    /// <summary>
    /// Accept the sanitised shapes of recorded test snapshots (LocalStack): an unparseable timestamp becomes null
    /// (counted in <see cref="FlattenerWarnings"/>) and a JSON object or array where AWS sends JSON text is stored as
    /// its compact JSON text. Strict mode (the default) rejects both with a <see cref="Json.HistoryFormatException"/>.
    /// </summary>
    public bool Lenient { get; init; }

    /// <summary>Reject pages that are not valid UTF-8 before parsing them.</summary>
    public bool ValidateUtf8 { get; init; } = true;

    public static FlattenerOptions Default { get; } = new();
}
