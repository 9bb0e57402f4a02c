using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Amazon.Runtime.Credentials;

namespace Analytics.Aws.Credentials;

/// <summary>
/// Credentials from <c>AWSSDK.Core</c>: a named profile (static keys, <c>credential_process</c>, SSO, assume-role,
/// web identity …) when one is given, else the SDK's default chain (environment variables, the <c>AWS_PROFILE</c> or
/// default profile, web identity token file, container and instance metadata). The SDK refreshes temporary
/// credentials itself.
/// </summary>
public sealed class SdkCredentialsProvider : IAwsCredentialsProvider
{
    private readonly AWSCredentials _source;

    public SdkCredentialsProvider(AWSCredentials source)
    {
        _source = source;
    }

    /// <summary>The SDK's credentials source (for the SDK's own S3 client: the same chain).</summary>
    public AWSCredentials Source => _source;

    /// <summary>Resolves the credentials source for an optional profile name.</summary>
    /// <exception cref="AwsConfigurationException">The profile does not exist or yields no credentials.</exception>
    public static SdkCredentialsProvider Resolve(string? profile)
    {
        if (!string.IsNullOrWhiteSpace(profile))
        {
            var chain = new CredentialProfileStoreChain();
            if (!chain.TryGetProfile(profile, out _))
            {
                throw new AwsConfigurationException($"AWS profile '{profile}' was not found in the shared config or credentials files.");
            }

            if (!chain.TryGetAWSCredentials(profile, out var fromProfile))
            {
                throw new AwsConfigurationException($"AWS profile '{profile}' has no usable credentials.");
            }

            return new SdkCredentialsProvider(fromProfile);
        }

        try
        {
            return new SdkCredentialsProvider(DefaultAWSCredentialsIdentityResolver.GetCredentials());
        }
        catch (AmazonClientException e)
        {
            throw new AwsConfigurationException($"No AWS credentials found: {e.Message}", e);
        }
    }

    public async ValueTask<AwsCredentials> GetCredentialsAsync(CancellationToken cancellationToken)
    {
        ImmutableCredentials credentials;
        try
        {
            credentials = await _source.GetCredentialsAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonClientException e)
        {
            throw new AwsConfigurationException($"Could not obtain AWS credentials: {e.Message}", e);
        }

        return new AwsCredentials(credentials.AccessKey, credentials.SecretKey, credentials.UseToken ? credentials.Token : null);
    }
}
