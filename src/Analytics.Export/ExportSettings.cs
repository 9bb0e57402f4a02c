using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Analytics.Aws;
using Analytics.Aws.Retry;
using Microsoft.Extensions.Configuration;

namespace Analytics.Export;

/// <summary>
/// Builds the export's settings from, in increasing priority, <c>appsettings.json</c> (section <c>Export</c>, plus
/// <c>Aws</c>: Region, Profile, EndpointUrl, Pacing, MaxRps), <c>ANALYTICS__EXPORT__…</c>/<c>ANALYTICS__AWS__…</c>
/// environment variables and the command line (given as configuration keys). Validated before use.
/// </summary>
public static class ExportSettings
{
    /// <exception cref="ValidationException">A setting is missing or invalid (exit code 2).</exception>
    public static (ExportOptions Export, AwsClientOptions Aws) Load(string? baseDirectory, IReadOnlyDictionary<string, string?> commandLine)
    {
        ArgumentNullException.ThrowIfNull(commandLine);
        var configuration = new ConfigurationBuilder()
            .SetBasePath(baseDirectory ?? Directory.GetCurrentDirectory())
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables("ANALYTICS__")
            .AddInMemoryCollection(commandLine)
            .Build();
        var export = new ExportOptions();
        try
        {
            configuration.GetSection("Export").Bind(export);
        }
        catch (InvalidOperationException e)
        {
            throw new ValidationException($"Invalid Export setting: {e.Message}", e);
        }
        // A list from the command line or a variable is one comma-separated value; appsettings.json may give an array.
        export.Regions = ListSetting(configuration, "Export:Regions") ?? export.Regions;
        export.Accounts = ListSetting(configuration, "Export:Accounts") ?? export.Accounts;
        export.Validate();

        var aws = configuration.GetSection("Aws");
        Uri? endpoint = null;
        if (aws["EndpointUrl"] is { Length: > 0 } url && !Uri.TryCreate(url, UriKind.Absolute, out endpoint))
        {
            throw new ValidationException($"--endpoint-url must be an absolute URL, got '{url}'.");
        }
        Uri? s3Endpoint = null;
        if (aws["S3EndpointUrl"] is { Length: > 0 } s3Url && !Uri.TryCreate(s3Url, UriKind.Absolute, out s3Endpoint))
        {
            throw new ValidationException($"--s3-endpoint-url must be an absolute URL, got '{s3Url}'.");
        }
        var pacing = aws["Pacing"] ?? "aws";
        var mode = pacing.ToLowerInvariant() switch
        {
            "aws" => RateLimitMode.AwsQuotas,
            "none" => RateLimitMode.None,
            _ => throw new ValidationException($"--pacing must be aws or none, got '{pacing}'."),
        };
        return (export, new AwsClientOptions
        {
            // A run over --regions needs no --region of its own: the first one stands for it (credentials, STS).
            Region = aws["Region"] ?? export.Regions?.FirstOrDefault(),
            Profile = aws["Profile"],
            EndpointUrl = endpoint,
            S3EndpointUrl = s3Endpoint,
            RateLimits = mode,
            MaxRequestsPerSecond = ParseMaxRps(aws["MaxRps"]),
            // A nightly crawler rides out throttling storms: more attempts and a deeper retry quota than the SDK's.
            Retry = new RetryOptions { MaxAttempts = 10, QuotaCapacity = 100_000 },
        });
    }

    private static string[]? ListSetting(IConfiguration configuration, string key) =>
        configuration[key] is { Length: > 0 } text ? text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : null;

    /// <summary>Parses <c>OP=N[,OP=N…]</c> (the CLI's repeated <c>--max-rps</c> joined with commas).</summary>
    private static IReadOnlyDictionary<string, double>? ParseMaxRps(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        try
        {
            return RateOverrides.Parse(text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }
        catch (AwsConfigurationException e)
        {
            throw new ValidationException(e.Message);
        }
    }
}
