namespace Analytics.Query;

/// <summary>How <see cref="ResultWriter"/> prints a result.</summary>
public enum ResultFormat
{
    /// <summary>Aligned columns for a terminal.</summary>
    Table,

    /// <summary>RFC 4180 CSV with a header row; NULL is an empty field.</summary>
    Csv,

    /// <summary>A JSON array of objects, one per row; numbers and booleans typed, NULL as null.</summary>
    Json,
}
