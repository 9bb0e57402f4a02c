using System.Collections.Concurrent;
using Analytics.Aws;
using Analytics.Aws.Credentials;
using Analytics.Aws.Diagnostics;
using Analytics.Core.Json;

namespace Analytics.Export.Targets;

/// <summary>
/// One (account, region) an export run crawls as a whole: its own clients, so its own per-API limiters seeded from its
/// region's quotas (every AWS quota is per account and region), and its own failures, reported under its label.
/// </summary>
/// <param name="AccountId">Null: the caller's own account (base credentials).</param>
/// <param name="Region">Null: the region resolved as a single-region run resolves it (<c>--region</c>, environment, profile).</param>
/// <param name="Credentials">Null: the base credentials (<c>--profile</c> or the default chain).</param>
/// <param name="Shard">This process's share of the unit's state machines and functions.</param>
public sealed record ExportUnit(string? AccountId, string? Region, string? Alias, IAwsCredentialsProvider? Credentials, ShardSpec Shard)
{
    private readonly ConcurrentQueue<string> _failures = new();

    /// <summary>`111111111111 (prod-us) eu-west-1`, or the region alone for the caller's own account.</summary>
    public string Label => AccountId is null ? Region ?? "default region"
        : Alias is null ? $"{AccountId} {Region}" : $"{AccountId} ({Alias}) {Region}";

    /// <summary>The one unit of a run without target options (reported as before, without a unit label).</summary>
    public bool IsDefault => AccountId is null && Region is null;

    /// <summary>What failed in this unit for good this run (a role not assumed, a service denied, a listing refused).</summary>
    public IReadOnlyCollection<string> Failures => _failures;

    public void Fail(string what) => _failures.Enqueue(what);

    /// <summary>Clients for this unit only.</summary>
    public AwsClientFactory CreateClients(AwsClientOptions options, IAwsCallObserver observer) =>
        new(Region is null ? options : options with { Region = Region }, Credentials, observer);

    /// <summary>Whether <paramref name="arn"/> (a state machine or function) is this unit's and this shard's.</summary>
    public bool Owns(string arn) => Shard.Owns(arn) && InUnit(arn);

    private bool InUnit(string arn)
    {
        if (Region is null)
        {
            return true;
        }
        return ArnLocation.Region(arn) == Region && (AccountId is null || ArnLocation.Account(arn) == AccountId);
    }

    public override string ToString() => Label;
}
