namespace Analytics.Aws.Credentials;

/// <summary>
/// A role could not be assumed in a member account: the role is missing, its trust policy refuses us (wrong external
/// id), or STS could not be reached. The message names the account and the role, so one line tells the user which
/// account to fix.
/// </summary>
public sealed class AssumeRoleException : Exception
{
    public AssumeRoleException(string accountId, string? accountAlias, string roleArn, string errorCode, string detail, Exception? innerException = null)
        : base($"cannot assume role {roleArn} in account {(accountAlias is null ? accountId : $"{accountId} ({accountAlias})")}: {errorCode}: {detail}", innerException)
    {
        AccountId = accountId;
        RoleArn = roleArn;
        ErrorCode = errorCode;
    }

    public string AccountId { get; }

    public string RoleArn { get; }

    /// <summary>STS's error code (`AccessDenied`, `RegionDisabledException` …) or `StsUnreachable`.</summary>
    public string ErrorCode { get; }

    /// <summary>The role (or trust policy) refuses us: retrying will not help until the account is fixed.</summary>
    public bool IsAccessDenied => ErrorCode == "AccessDenied";
}
