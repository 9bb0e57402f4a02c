namespace Analytics.Aws.Credentials;

/// <summary>One set of AWS credentials. <see cref="ToString"/> never shows the secret or the session token.</summary>
public sealed record AwsCredentials(string AccessKeyId, string SecretAccessKey, string? SessionToken)
{
    public override string ToString() => $"AwsCredentials {{ AccessKeyId = {AccessKeyId}, SecretAccessKey = ***, SessionToken = {(SessionToken is null ? "none" : "***")} }}";
}

/// <summary>Gives the current credentials (refreshing temporary ones as needed).</summary>
public interface IAwsCredentialsProvider
{
    ValueTask<AwsCredentials> GetCredentialsAsync(CancellationToken cancellationToken);
}

/// <summary>Fixed credentials (tests, or keys given explicitly).</summary>
public sealed class StaticCredentialsProvider(AwsCredentials credentials) : IAwsCredentialsProvider
{
    public ValueTask<AwsCredentials> GetCredentialsAsync(CancellationToken cancellationToken) => ValueTask.FromResult(credentials);
}
