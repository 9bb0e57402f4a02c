namespace Analytics.Core.Columns;

/// <summary>The logical column types the dataset uses; each maps to one DuckDB type.</summary>
public enum ColumnType
{
    /// <summary>64-bit integer (DuckDB BIGINT).</summary>
    BigInt,

    /// <summary>32-bit integer (DuckDB INTEGER).</summary>
    Integer,

    /// <summary>64-bit float (DuckDB DOUBLE).</summary>
    Double,

    /// <summary>DuckDB BOOLEAN.</summary>
    Boolean,

    /// <summary>UTF-8 text (DuckDB VARCHAR).</summary>
    Varchar,

    /// <summary>Microseconds since the Unix epoch, UTC (DuckDB TIMESTAMP WITH TIME ZONE).</summary>
    TimestampTz,

    /// <summary>Microseconds since the Unix epoch, no zone (DuckDB TIMESTAMP).</summary>
    Timestamp,
}
