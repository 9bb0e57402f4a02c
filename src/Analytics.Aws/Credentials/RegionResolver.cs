using Amazon.Runtime.CredentialManagement;

namespace Analytics.Aws.Credentials;

/// <summary>
/// The region as the AWS CLI finds it: the explicit <c>--region</c>, then <c>AWS_REGION</c>, then
/// <c>AWS_DEFAULT_REGION</c>, then the <c>region</c> of the profile in use (<c>--profile</c>, <c>AWS_PROFILE</c>, or
/// <c>default</c>).
/// </summary>
public static class RegionResolver
{
    public static string Resolve(string? explicitRegion, string? profile)
    {
        // The profile is read only when nothing earlier answers (it touches the shared files).
        var region = FirstNonEmpty(
            explicitRegion,
            Environment.GetEnvironmentVariable("AWS_REGION"),
            Environment.GetEnvironmentVariable("AWS_DEFAULT_REGION"))
            ?? FromProfile(profile);
        return region ?? throw new AwsConfigurationException(
            "No AWS region: pass --region, set AWS_REGION, or set region in the AWS profile.");
    }

    private static string? FromProfile(string? profile)
    {
        var name = FirstNonEmpty(profile, Environment.GetEnvironmentVariable("AWS_PROFILE"), "default")!;
        var chain = new CredentialProfileStoreChain();
        return chain.TryGetProfile(name, out var found) ? found.Region?.SystemName : null;
    }

    private static string? FirstNonEmpty(params string?[] values) =>
        values.FirstOrDefault(static v => !string.IsNullOrWhiteSpace(v))?.Trim();
}
