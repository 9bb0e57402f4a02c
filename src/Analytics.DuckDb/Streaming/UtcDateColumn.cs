namespace Analytics.DuckDb.Streaming;

/// <summary>
/// An extra VARCHAR column a <see cref="DuckDbBatchSource"/> computes for each row: the UTC calendar date
/// (<c>yyyy-MM-dd</c>) of a timestamp column, or <paramref name="WhenNull"/> when the timestamp is null or outside
/// years 1–9999. A Hive partition key without a per-row SQL expression.
/// </summary>
/// <param name="Name">The column's name in the query.</param>
/// <param name="TimestampColumn">The batch's TIMESTAMPTZ or TIMESTAMP column (microseconds since the epoch).</param>
/// <param name="WhenNull">The text for rows without a usable timestamp (at most 12 UTF-8 bytes, e.g. "unknown"), or
/// null for a SQL NULL (which DuckDB's partitioned writer names <c>__HIVE_DEFAULT_PARTITION__</c>).</param>
public sealed record UtcDateColumn(string Name, string TimestampColumn, string? WhenNull);
