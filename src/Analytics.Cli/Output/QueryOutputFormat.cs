namespace Analytics.Cli.Output;

/// <summary>How `analytics query` prints a result.</summary>
public enum QueryOutputFormat
{
    /// <summary>A readable table (also when stdout is not a terminal).</summary>
    Table,

    /// <summary>RFC 4180 CSV with a header row; NULL is an empty field, an empty string is "".</summary>
    Csv,

    /// <summary>A JSON array of objects, one per row; numbers as numbers, NULL as null, timestamps ISO-8601.</summary>
    Json,

    /// <summary>An Apache Arrow IPC stream (binary; refused on a terminal), typed as DuckDB maps its types to Arrow.</summary>
    Arrow,
}
