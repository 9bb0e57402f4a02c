namespace Analytics.Aws;

/// <summary>The AWS settings are unusable: no region, an unknown profile, no credentials, a bad endpoint URL.</summary>
public sealed class AwsConfigurationException : Exception
{
    public AwsConfigurationException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
