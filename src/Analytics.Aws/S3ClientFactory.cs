using Amazon;
using Amazon.Runtime;
using Amazon.S3;
using Analytics.Aws.Credentials;

namespace Analytics.Aws;

/// <summary>The SDK's S3 client for a dataset on S3, with the credentials chain and region of the other clients.</summary>
public static class S3ClientFactory
{
    /// <exception cref="AwsConfigurationException">No region or no credentials.</exception>
    public static IAmazonS3 Create(AwsClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var region = RegionResolver.Resolve(options.Region, options.Profile);
        var credentials = SdkCredentialsProvider.Resolve(options.Profile).Source;
        var config = new AmazonS3Config
        {
            // Only the checksums S3 requires: local S3 servers do not decode the SDK's trailing-checksum chunk framing.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        if (options.S3EndpointUrl is { } endpoint)
        {
            config.ServiceURL = endpoint.ToString();
            config.AuthenticationRegion = region;
            config.ForcePathStyle = true;
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }
        return new AmazonS3Client(credentials, config);
    }
}
