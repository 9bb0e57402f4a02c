namespace Analytics.Export.Manifest;

/// <summary>
/// The manifest or the files it lists are damaged in a way a run must not guess about (a snapshot or commit record that
/// does not parse, files in the dataset the manifest does not list): the export refuses, and the message names
/// <c>analytics repair</c>. Fatal (exit 3): nothing was written. A snapshot in a format newer than this build reads is
/// refused the same way but is not damaged: its message names the newer version instead, and repair leaves it alone.
/// </summary>
public sealed class ManifestDamagedException(string? file, string problem, Exception? inner, bool newerFormat = false)
    : IOException((file is null ? "" : file + ": ") + problem + (newerFormat
        ? "; a newer version of analytics wrote it: use that version (this one's 'analytics repair' leaves it as it is)"
        : "; the dataset is damaged: run 'analytics repair --out <dataset>' (see 'analytics verify')"), inner)
{
    /// <summary>The manifest file that does not parse (snapshot or commit record), or null.</summary>
    public string? File { get; } = file;

    /// <summary>The problem alone, without the advice.</summary>
    public string Problem { get; } = problem;

    /// <summary>A newer build's snapshot format, not damage: nothing to repair.</summary>
    public bool NewerFormat { get; } = newerFormat;
}
