using System.ComponentModel.DataAnnotations;
using Analytics.Aws;
using Analytics.Aws.Credentials;

namespace Analytics.Export.Targets;

/// <summary>
/// Turns <c>--regions</c>, <c>--accounts</c> / <c>--accounts-file</c> and <c>--role-name</c> into the run's units. Without
/// them a run has one unit: the resolved region with the base credentials, exactly as a single-region export.
/// </summary>
public static class ExportTargets
{
    public static bool IsMultiUnit(ExportOptions options) =>
        options.Regions is { Length: > 0 } || options.Accounts is { Length: > 0 } || !string.IsNullOrWhiteSpace(options.AccountsFile);

    /// <exception cref="ValidationException">A bad account id, a missing accounts file, a role option without accounts…</exception>
    public static void Validate(ExportOptions options)
    {
        foreach (var region in options.Regions ?? [])
        {
            if (string.IsNullOrWhiteSpace(region) || !region.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
            {
                throw new ValidationException($"--regions takes region names such as us-east-1, got '{region}'.");
            }
        }
        var accounts = Accounts(options);
        if (accounts.Count > 0 && string.IsNullOrWhiteSpace(options.RoleName))
        {
            throw new ValidationException("--accounts / --accounts-file need --role-name: the role assumed in each account.");
        }
        if (accounts.Count == 0 && (!string.IsNullOrWhiteSpace(options.RoleName) || options.ExternalId is not null))
        {
            throw new ValidationException("--role-name and --external-id need --accounts or --accounts-file.");
        }
        if (accounts.Count > 0)
        {
            try
            {
                RoleOptions(options).Validate();
            }
            catch (AwsConfigurationException e)
            {
                throw new ValidationException(e.Message);
            }
        }
    }

    /// <summary>The accounts of <c>--accounts</c> then <c>--accounts-file</c>, each once, with its name when the file gives one.</summary>
    public static IReadOnlyList<(string Id, string? Alias)> Accounts(ExportOptions options)
    {
        var found = new List<(string, string?)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        void Add(string id, string? alias, string where)
        {
            if (id.Length != 12 || !id.All(char.IsAsciiDigit))
            {
                throw new ValidationException($"{where}: an AWS account id is 12 digits, got '{id}'.");
            }
            if (seen.Add(id))
            {
                found.Add((id, alias));
            }
        }
        foreach (var id in options.Accounts ?? [])
        {
            Add(id.Trim(), null, "--accounts");
        }
        if (!string.IsNullOrWhiteSpace(options.AccountsFile))
        {
            string[] lines;
            try
            {
                lines = File.ReadAllLines(options.AccountsFile);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new ValidationException($"--accounts-file {options.AccountsFile}: {e.Message}");
            }
            for (var i = 0; i < lines.Length; i++)
            {
                // `111111111111 prod-us`, `111111111111,prod-us` or the id alone; `#` starts a comment.
                var line = lines[i].Split('#', 2)[0].Trim();
                if (line.Length == 0)
                {
                    continue;
                }
                var parts = line.Split([' ', '\t', ','], 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                Add(parts[0], parts.Length > 1 ? parts[1] : null, $"--accounts-file {options.AccountsFile} line {i + 1}");
            }
        }
        return found;
    }

    /// <summary>
    /// The run's units, in a stable order (account, region), with this shard's share of each: with at least as many
    /// units as shards, shard K takes whole units (the i-th unit goes to shard i mod N); with fewer, unit i is split
    /// by ARN between the shards j with j mod U = i. One unit and N shards is therefore today's plain ARN split.
    /// </summary>
    public static UnitPlan Plan(ExportOptions options, AwsClientOptions aws, ShardSpec shard)
    {
        if (!IsMultiUnit(options))
        {
            return new UnitPlan([new ExportUnit(null, null, null, null, shard)], []);
        }
        var regions = options.Regions is { Length: > 0 } given
            ? given.Distinct(StringComparer.Ordinal).ToArray()
            : [RegionResolver.Resolve(aws.Region, aws.Profile)];
        var accounts = Accounts(options);
        var providers = new List<AssumeRoleCredentialsProvider>();
        var keys = new List<(string? Account, string Region, string? Alias, IAwsCredentialsProvider? Credentials)>();
        if (accounts.Count == 0)
        {
            keys.AddRange(regions.Select(r => ((string?)null, r, (string?)null, (IAwsCredentialsProvider?)null)));
        }
        else
        {
            var baseCredentials = SdkCredentialsProvider.Resolve(aws.Profile);
            var role = RoleOptions(options);
            foreach (var (id, alias) in accounts)
            {
                // One session per account, from the first region's STS endpoint: credentials are not regional.
                var provider = new AssumeRoleCredentialsProvider(baseCredentials, id, role, regions[0], aws.EndpointUrl, alias, aws.Clock);
                providers.Add(provider);
                keys.AddRange(regions.Select(r => ((string?)id, r, alias, (IAwsCredentialsProvider?)provider)));
            }
        }
        keys.Sort((a, b) => (string.CompareOrdinal(a.Account, b.Account), string.CompareOrdinal(a.Region, b.Region)) switch
        {
            (0, var byRegion) => byRegion,
            (var byAccount, _) => byAccount,
        });
        var units = new List<ExportUnit>();
        for (var i = 0; i < keys.Count; i++)
        {
            if (ShareOf(i, keys.Count, shard) is { } share)
            {
                var (account, region, alias, credentials) = keys[i];
                units.Add(new ExportUnit(account, region, alias, credentials, share));
            }
        }
        return new UnitPlan(units, providers);
    }

    /// <summary>Shard K of N's share of unit <paramref name="index"/> of <paramref name="count"/> (null: none of it).</summary>
    internal static ShardSpec? ShareOf(int index, int count, ShardSpec shard)
    {
        if (shard.Count <= count)
        {
            return index % shard.Count == shard.Index ? ShardSpec.All : null;
        }
        if (shard.Index % count != index)
        {
            return null;
        }
        // The shards covering this unit are index, index + count, …: this one is the (K / count)-th of them.
        var covering = (shard.Count - index + count - 1) / count;
        return covering == 1 ? ShardSpec.All : new ShardSpec(shard.Index / count, covering);
    }

    private static AssumeRoleOptions RoleOptions(ExportOptions options) => new()
    {
        RoleName = options.RoleName ?? "",
        ExternalId = string.IsNullOrEmpty(options.ExternalId) ? null : options.ExternalId,
        SessionName = options.SessionName,
        Duration = options.SessionDuration,
    };
}

/// <summary>The units of a run and the role sessions they share (disposed with the plan).</summary>
public sealed class UnitPlan(IReadOnlyList<ExportUnit> units, IReadOnlyList<IDisposable> owned) : IDisposable
{
    public IReadOnlyList<ExportUnit> Units { get; } = units;

    public bool Owns(string arn) => Units.Any(u => u.Owns(arn));

    public void Dispose()
    {
        foreach (var item in owned)
        {
            item.Dispose();
        }
    }
}
