using System.Globalization;
using System.Text;

namespace Analytics.DuckDb.Parquet;

/// <summary>
/// Writes a query's rows to Parquet with DuckDB's writer (<c>COPY … TO … (FORMAT parquet)</c>). Files are written
/// under a temporary name, flushed to disk and only then renamed into place, so a reader (or a crash) never sees a
/// partial file at a final path.
/// </summary>
public static class ParquetWriter
{
    /// <summary>Extension of files DuckDB writes into a staging folder (renamed to .parquet when published).</summary>
    internal const string StagedExtension = "parquet.tmp";

    private static readonly HashSet<string> s_codecs = new(StringComparer.OrdinalIgnoreCase)
    {
        "zstd", "snappy", "gzip", "lz4", "lz4_raw", "brotli", "uncompressed",
    };

    /// <summary>
    /// Writes the rows of <paramref name="sourceSql"/> (a SELECT or any query DuckDB accepts in <c>COPY (…)</c>).
    /// Without <see cref="ParquetWriteOptions.PartitionBy"/>, <paramref name="destination"/> is the file to create;
    /// with it, <paramref name="destination"/> is the dataset root that receives <c>col=value/…</c> folders.
    /// </summary>
    /// <returns>The final paths of the files written (none for a partitioned write of no rows), sorted.</returns>
    /// <exception cref="DuckDbException">DuckDB rejected the query or could not write.</exception>
    public static IReadOnlyList<string> Write(DuckDbConnection connection, string sourceSql, string destination, ParquetWriteOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentException.ThrowIfNullOrWhiteSpace(sourceSql);
        ArgumentException.ThrowIfNullOrWhiteSpace(destination);
        options ??= new ParquetWriteOptions();
        Validate(options);
        destination = Path.GetFullPath(destination);
        return options.PartitionBy.Count == 0
            ? [WriteSingle(connection, sourceSql, destination, options)]
            : WritePartitioned(connection, sourceSql, destination, options);
    }

    /// <summary>Writes a whole table (optionally schema-qualified); see <see cref="Write"/>.</summary>
    public static IReadOnlyList<string> WriteTable(DuckDbConnection connection, string table, string destination, ParquetWriteOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(table);
        return Write(connection, $"SELECT * FROM {DuckDbSql.QualifiedName(table)}", destination, options);
    }

    private static string WriteSingle(DuckDbConnection connection, string sourceSql, string destination, ParquetWriteOptions options)
    {
        if (!options.Overwrite && File.Exists(destination))
        {
            throw new IOException($"{destination} already exists (set Overwrite to replace it).");
        }
        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
        var temporary = $"{destination}.tmp-{Guid.NewGuid():N}";
        try
        {
            connection.Execute(CopySql(sourceSql, temporary, options, partitioned: false));
            FlushToDisk(temporary);
            File.Move(temporary, destination, options.Overwrite);
            return destination;
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private static List<string> WritePartitioned(DuckDbConnection connection, string sourceSql, string root, ParquetWriteOptions options)
    {
        Directory.CreateDirectory(root);
        // Hidden and on the same filesystem as the final folders, so each move is an atomic rename; dataset readers
        // skip names starting with '.'.
        var staging = Path.Combine(root, $".tmp-{Guid.NewGuid():N}");
        try
        {
            connection.Execute(CopySql(sourceSql, staging, options, partitioned: true));
            var written = new List<string>();
            if (!Directory.Exists(staging))
            {
                return written;
            }
            foreach (var file in Directory.EnumerateFiles(staging, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                var folder = Path.Combine(root, Path.GetRelativePath(staging, Path.GetDirectoryName(file)!));
                Directory.CreateDirectory(folder);
                FlushToDisk(file);
                written.Add(MoveToFreeName(file, folder, options.FileNamePrefix));
            }
            written.Sort(StringComparer.Ordinal);
            return written;
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }
    }

    /// <summary>Renames into <c>folder/prefix-n.parquet</c> with the lowest free n; a concurrent writer taking the
    /// same name makes the rename fail, and the next number is tried.</summary>
    private static string MoveToFreeName(string file, string folder, string prefix)
    {
        for (var n = 0; ; n++)
        {
            var target = Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"{prefix}-{n}.parquet"));
            if (File.Exists(target))
            {
                continue;
            }
            try
            {
                File.Move(file, target, overwrite: false);
                return target;
            }
            catch (IOException) when (File.Exists(target))
            {
                // Taken between the check and the rename: try the next number.
            }
        }
    }

    /// <summary>Makes the bytes durable before the rename publishes the file.</summary>
    private static void FlushToDisk(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read);
        stream.Flush(flushToDisk: true);
    }

    private static string CopySql(string sourceSql, string target, ParquetWriteOptions options, bool partitioned)
    {
        var sql = new StringBuilder()
            .Append("COPY (").Append(sourceSql).Append(") TO ").Append(DuckDbSql.Literal(target))
            .Append(" (FORMAT parquet, COMPRESSION ").Append(options.Compression.ToLowerInvariant());
        if (options.RowGroupSize is { } rowGroupSize)
        {
            sql.Append(CultureInfo.InvariantCulture, $", ROW_GROUP_SIZE {rowGroupSize}");
        }
        if (partitioned)
        {
            // Staged files must not end in .parquet: DuckDB's `**` globs descend into hidden folders, so a staging
            // folder left by a crash would otherwise be read as data.
            sql.Append(", PARTITION_BY (").AppendJoin(", ", options.PartitionBy.Select(DuckDbSql.Identifier)).Append(')')
                .Append(", FILE_EXTENSION ").Append(DuckDbSql.Literal(StagedExtension));
        }
        return sql.Append(')').ToString();
    }

    private static void Validate(ParquetWriteOptions options)
    {
        if (!s_codecs.Contains(options.Compression))
        {
            throw new ArgumentException($"Unknown Parquet compression '{options.Compression}'; use one of {string.Join(", ", s_codecs)}.", nameof(options));
        }
        if (options.RowGroupSize is < 1)
        {
            throw new ArgumentException("RowGroupSize must be positive.", nameof(options));
        }
        if (string.IsNullOrEmpty(options.FileNamePrefix) || options.FileNamePrefix.IndexOfAny(['/', '\\', '\0']) >= 0
            || options.FileNamePrefix.StartsWith('.'))
        {
            throw new ArgumentException($"FileNamePrefix '{options.FileNamePrefix}' must be a plain, visible file name.", nameof(options));
        }
        if (options.PartitionBy.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException("Partition column names must not be empty.", nameof(options));
        }
    }
}
