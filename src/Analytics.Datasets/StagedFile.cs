namespace Analytics.Datasets;

/// <summary>
/// A finished Parquet file left in the staging folder by <see cref="DatasetWriter.Stage"/>: already flushed to disk,
/// waiting to be moved to <see cref="RelativePath"/> under the dataset root.
/// </summary>
/// <param name="Table">The table it belongs to.</param>
/// <param name="StagedPath">Where it is now.</param>
/// <param name="RelativePath">Where it goes, relative to the dataset root, '/'-separated:
/// <c>&lt;table&gt;/date=YYYY-MM-DD/&lt;prefix&gt;-&lt;n&gt;.parquet</c>.</param>
public sealed record StagedFile(string Table, string StagedPath, string RelativePath)
{
    /// <summary>
    /// Renames the file to <c>root/RelativePath</c> (creating folders). Safe to repeat after a crash: when the staged
    /// file is gone and the target exists, it was already moved.
    /// </summary>
    /// <returns>The final path.</returns>
    /// <exception cref="IOException">The target exists while the staged file is still there (another file has the name).</exception>
    public string PublishInto(string root)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        var target = Path.Combine(Path.GetFullPath(root), RelativePath);
        if (!File.Exists(StagedPath) && File.Exists(target))
        {
            return target;
        }
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Move(StagedPath, target, overwrite: false);
        return target;
    }
}
