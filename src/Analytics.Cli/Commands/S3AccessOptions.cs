using System.CommandLine;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Analytics.Aws;
using Analytics.Export;
using Analytics.Export.Storage;

namespace Analytics.Cli.Commands;

/// <summary>
/// The options of a command that takes an <c>s3://</c> dataset besides a folder (import, query, report, verify): S3's
/// endpoint, region and profile (else the environment and <c>ANALYTICS__AWS__…</c>, as for export), and for readers the
/// cache folder their mirror lives in. <see cref="TryResolve"/> is the one place a reader turns its location into
/// the local folder it reads (<see cref="DatasetLocations.Resolve"/>).
/// </summary>
internal sealed class S3AccessOptions
{
    private readonly Option<string?> _endpoint = new("--s3-endpoint-url") { Description = "S3's endpoint for an s3:// dataset (path-style addressing, e.g. a local S3 server)." };
    private readonly Option<string?> _region = new("--region") { Description = "Region of an s3:// dataset's bucket (else AWS_REGION / the profile's)." };
    private readonly Option<string?> _profile = new("--profile") { Description = "Named AWS profile for an s3:// dataset." };
    private readonly Option<string?> _cache = new("--cache-dir")
    {
        Description = "Where an s3:// dataset is mirrored to be read (default $XDG_CACHE_HOME/analytics/s3, else ~/.cache/analytics/s3).",
    };

    public S3AccessOptions(Command command, bool mirrors)
    {
        command.Options.Add(_endpoint);
        command.Options.Add(_region);
        command.Options.Add(_profile);
        if (mirrors)
        {
            command.Options.Add(_cache);
        }
    }

    /// <summary>The exit code of an error opening a dataset (a bad setting, another writer, a location that cannot be
    /// used), whose message is the one line to print; null for any other error.</summary>
    public static int? ExitCodeOf(Exception e) => e switch
    {
        ValidationException or AwsConfigurationException or Analytics.Export.Manifest.ExportConflictException => ExitCodes.Usage,
        DatasetLocationException location => location.ExitCode,
        _ => null,
    };

    /// <summary>The export's settings for a writer into <paramref name="location"/> (lease and S3 client options).</summary>
    /// <exception cref="ValidationException">A bad setting.</exception>
    public (ExportOptions Export, AwsClientOptions Aws) Settings(ParseResult parse, string location)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase) { ["Export:Out"] = location };
        foreach (var (key, option) in new[] { ("Aws:S3EndpointUrl", _endpoint), ("Aws:Region", _region), ("Aws:Profile", _profile) })
        {
            if (parse.GetValue(option) is { Length: > 0 } value)
            {
                values[key] = value;
            }
        }
        return ExportSettings.Load(null, values);
    }

    /// <summary>
    /// The local folder to read for <paramref name="location"/>: the folder itself, or an <c>s3://</c> dataset's mirror
    /// brought up to date (saying on stderr where it is and what was downloaded). False after printing one error line,
    /// with the exit code in <paramref name="exitCode"/>.
    /// </summary>
    public bool TryResolve(ParseResult parse, string location, out string root, out S3Mirror? mirror, out int exitCode)
    {
        root = location;
        mirror = null;
        exitCode = ExitCodes.Ok;
        if (!S3Location.IsS3(location))
        {
            return true;
        }
        try
        {
            (root, mirror) = DatasetLocations.Resolve(location, Settings(parse, location).Aws, parse.GetValue(_cache));
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"mirrored {location} into {root}: {mirror!.Files} committed files, {mirror.Downloaded} object(s) downloaded ({mirror.DownloadedBytes / 1e6:0.#} MB), the rest unchanged"));
            return true;
        }
        catch (Exception e) when (ExitCodeOf(e) is { } code)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            exitCode = code;
        }
        return false;
    }
}
