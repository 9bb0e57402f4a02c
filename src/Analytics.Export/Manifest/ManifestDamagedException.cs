namespace Analytics.Export.Manifest;

/// <summary>
/// The manifest or the files it lists are damaged in a way a run must not guess about (a snapshot or commit record that
/// does not parse, files in the dataset the manifest does not list): the export refuses, and the message names
/// <c>analytics repair</c>. Fatal (exit 3): nothing was written.
/// </summary>
public sealed class ManifestDamagedException(string? file, string problem, Exception? inner)
    : IOException((file is null ? "" : file + ": ") + problem
        + "; the dataset is damaged: run 'analytics repair --out <dataset>' (see 'analytics verify')", inner)
{
    /// <summary>The manifest file that does not parse (snapshot or commit record), or null.</summary>
    public string? File { get; } = file;

    /// <summary>The problem alone, without the advice.</summary>
    public string Problem { get; } = problem;
}
