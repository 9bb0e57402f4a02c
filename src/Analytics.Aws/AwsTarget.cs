using Analytics.Aws.Credentials;

namespace Analytics.Aws;

/// <summary>
/// One (account, region) an export crawls, with the credentials that reach it (an assumed role for a member account,
/// the base credentials for the caller's own). Every AWS quota is per account and region, so each target gets its own
/// clients and limiters: <see cref="CreateClients"/>.
/// </summary>
public sealed record AwsTarget(string AccountId, string Region, IAwsCredentialsProvider Credentials, string? Alias = null)
{
    /// <summary>`111111111111 (prod-us) eu-west-1`: how reports and errors name the target.</summary>
    public string Label => Alias is null ? $"{AccountId} {Region}" : $"{AccountId} ({Alias}) {Region}";

    /// <summary>Clients for this target only: <paramref name="options"/> with the target's region and credentials.</summary>
    public AwsClientFactory CreateClients(AwsClientOptions options, TimeProvider? time = null) =>
        new(options with { Region = Region }, Credentials, time: time);

    public override string ToString() => Label;
}
