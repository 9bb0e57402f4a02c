namespace Analytics.Aws.Credentials;

/// <summary>How to assume the exporter's role in each member account (`arn:aws:iam::&lt;account&gt;:role/&lt;RoleName&gt;`).</summary>
public sealed record AssumeRoleOptions
{
    public required string RoleName { get; init; }

    /// <summary>The sts:ExternalId the role's trust policy asks for (none when null).</summary>
    public string? ExternalId { get; init; }

    /// <summary>RoleSessionName: shows in the member account's CloudTrail.</summary>
    public string SessionName { get; init; } = "workflow-history-analytics";

    /// <summary>DurationSeconds (STS accepts 900 s to the role's maximum session duration, 1 h by default).</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Credentials are renewed this long before they expire (at most half their lifetime).</summary>
    public TimeSpan RefreshBefore { get; init; } = TimeSpan.FromMinutes(5);

    /// <exception cref="AwsConfigurationException">A value STS would refuse.</exception>
    public void Validate()
    {
        if (Duration < TimeSpan.FromSeconds(900) || Duration > TimeSpan.FromHours(12))
        {
            throw new AwsConfigurationException($"the assume-role duration must be between 900 seconds and 12 hours, got {Duration.TotalSeconds} s");
        }
        if (string.IsNullOrWhiteSpace(RoleName) || SessionName.Length is < 2 or > 64)
        {
            throw new AwsConfigurationException("the role name must be given and the session name must be 2-64 characters");
        }
    }
}
