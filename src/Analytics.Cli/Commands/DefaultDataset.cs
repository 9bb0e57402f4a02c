namespace Analytics.Cli.Commands;

/// <summary>
/// The dataset `query` and `report` read when no <c>--data</c> is given: <c>ANALYTICS__DATA</c>, else the export's
/// own <c>ANALYTICS__EXPORT__OUT</c>, else <c>./data</c> (what the README's examples write). The one default for both.
/// </summary>
internal static class DefaultDataset
{
    public static string Path =>
        Environment.GetEnvironmentVariable("ANALYTICS__DATA") is { Length: > 0 } data ? data
        : Environment.GetEnvironmentVariable("ANALYTICS__EXPORT__OUT") is { Length: > 0 } exported ? exported
        : "data";

    /// <summary>Says on stderr which dataset a command reads when the user did not name one.</summary>
    public static void Announce(string path) =>
        Console.Error.WriteLine($"using dataset {(Analytics.Export.Storage.S3Location.IsS3(path) ? path : System.IO.Path.GetFullPath(path))} (the default; --data DIR to choose another)");
}
