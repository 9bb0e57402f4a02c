namespace Analytics.Aws.Tests.ModelDrift;

/// <summary>Model members the drift test accepts as missing, each for a stated reason.</summary>
internal static class KnownGaps
{
    /// <summary>
    /// Deliberately not read by the clients: members the export has no use for (and, for Environment, must not read:
    /// its variables may hold secrets). A new member of these shapes still fails the test.
    /// </summary>
    public static readonly Dictionary<string, string> NotRead = new(StringComparer.Ordinal)
    {
        ["aws.FunctionConfiguration.Environment"] = "its variables may hold secrets; never read",
        ["aws.FunctionConfiguration.VpcConfig"] = "networking: no reliability figure uses it",
        ["aws.FunctionConfiguration.FileSystemConfigs"] = "EFS mounts: no reliability figure uses them",
        ["aws.FunctionConfiguration.SigningProfileVersionArn"] = "code signing: no reliability figure uses it",
        ["aws.FunctionConfiguration.SigningJobArn"] = "code signing: no reliability figure uses it",
        ["aws.FunctionConfiguration.ImageConfigResponse"] = "container image entry point: no reliability figure uses it",
        ["aws.FunctionConfiguration.SnapStart"] = "SnapStart settings: no reliability figure uses them",
        ["aws.FunctionConfiguration.RuntimeVersionConfig"] = "runtime version ARN: no reliability figure uses it",
        ["aws.FunctionConfiguration.TenancyConfig"] = "tenancy isolation: no reliability figure uses it",
        ["aws.FunctionConfiguration.CapacityProviderConfig"] = "managed-instance capacity: no reliability figure uses it",
        ["aws.FunctionConfiguration.ConfigSha256"] = "configuration hash: no reliability figure uses it",
        ["aws.FunctionConfiguration.RuntimeConfig"] = "runtime settings: no reliability figure uses them",
        ["aws.FunctionConfiguration.AcceleratorConfig"] = "accelerators: no reliability figure uses them",
        ["aws.FilterLogEventsRequest.interleaved"] = "deprecated: AWS ignores it (results are always interleaved)",
        ["aws.FilterLogEventsRequest.unmask"] = "needs logs:Unmask; masked data stays masked in an export",
        ["aws.DescribeLogGroupsRequest.accountIdentifiers"] = "cross-account observability: the export reads its own account",
        ["aws.DescribeLogGroupsRequest.includeLinkedAccounts"] = "cross-account observability: the export reads its own account",
        ["aws.LogGroup.dataProtectionStatus"] = "data protection policy: no reliability figure uses it",
        ["aws.LogGroup.inheritedProperties"] = "account-level policies: no reliability figure uses them",
        ["aws.LogGroup.deletionProtectionEnabled"] = "deletion protection: no reliability figure uses it",
        ["aws.LogGroup.bearerTokenAuthenticationEnabled"] = "ingestion authentication: no reliability figure uses it",
        ["aws.LogGroup.retentionPolicyName"] = "retention policy name: retentionInDays is what bounds a crawl",
        ["aws.GetQueryResultsResponse.encryptionKey"] = "KMS key of stored results: not needed to read them",
    };
}
