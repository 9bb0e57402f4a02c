using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using Analytics.Aws.Http;

namespace Analytics.Aws.Credentials;

/// <summary>
/// Temporary credentials for the exporter's role in one member account, from STS AssumeRole called with the base
/// credentials (AWSSDK.SecurityToken). They are cached and renewed <see cref="AssumeRoleOptions.RefreshBefore"/>
/// their expiry, so a run longer than the session keeps going. With an endpoint override (the emulator) STS is
/// called there, as the other clients are.
/// </summary>
public sealed class AssumeRoleCredentialsProvider : IAwsCredentialsProvider, IDisposable
{
    private readonly IAwsCredentialsProvider _base;
    private readonly AssumeRoleOptions _options;
    private readonly string _accountId;
    private readonly string? _alias;
    private readonly string _region;
    private readonly Uri? _endpoint;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (AwsCredentials Credentials, DateTimeOffset Expiration)? _current;

    /// <param name="baseCredentials">Who calls AssumeRole (the exporting principal).</param>
    /// <param name="region">The region whose STS endpoint is called (regional endpoints, as the SDKs default to).</param>
    /// <param name="endpointUrl">The endpoint override (<see cref="AwsClientOptions.EndpointUrl"/>), else the environment's or AWS's.</param>
    /// <param name="time">Clock deciding when to renew (tests pass their own).</param>
    public AssumeRoleCredentialsProvider(IAwsCredentialsProvider baseCredentials, string accountId, AssumeRoleOptions options,
        string region, Uri? endpointUrl = null, string? accountAlias = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(baseCredentials);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _base = baseCredentials;
        _options = options;
        _accountId = accountId;
        _alias = accountAlias;
        _region = region;
        _endpoint = EndpointResolver.Resolve(endpointUrl, "STS", "sts", region);
        _time = time ?? TimeProvider.System;
        RoleArn = RoleArnFor(accountId, options.RoleName, region);
    }

    public string RoleArn { get; }

    /// <summary>When the credentials in hand expire (null before the first call).</summary>
    public DateTimeOffset? Expiration => _current?.Expiration;

    /// <summary>`arn:&lt;partition&gt;:iam::&lt;account&gt;:role/&lt;name&gt;`; the partition follows the region.</summary>
    public static string RoleArnFor(string accountId, string roleName, string region)
    {
        var partition = region.StartsWith("cn-", StringComparison.Ordinal) ? "aws-cn"
            : region.StartsWith("us-gov-", StringComparison.Ordinal) ? "aws-us-gov"
            : "aws";
        return $"arn:{partition}:iam::{accountId}:role/{roleName}";
    }

    public async ValueTask<AwsCredentials> GetCredentialsAsync(CancellationToken cancellationToken)
    {
        if (Fresh() is { } cached)
        {
            return cached;
        }
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (Fresh() is { } renewed)
            {
                return renewed;
            }
            _current = await AssumeAsync(cancellationToken).ConfigureAwait(false);
            return _current.Value.Credentials;
        }
        finally
        {
            _gate.Release();
        }
    }

    private AwsCredentials? Fresh()
    {
        var current = _current;
        if (current is null)
        {
            return null;
        }
        var window = TimeSpan.FromTicks(Math.Min(_options.RefreshBefore.Ticks, _options.Duration.Ticks / 2));
        return _time.GetUtcNow() < current.Value.Expiration - window ? current.Value.Credentials : null;
    }

    private async Task<(AwsCredentials, DateTimeOffset)> AssumeAsync(CancellationToken cancellationToken)
    {
        var caller = await _base.GetCredentialsAsync(cancellationToken).ConfigureAwait(false);
        AWSCredentials signing = caller.SessionToken is null
            ? new BasicAWSCredentials(caller.AccessKeyId, caller.SecretAccessKey)
            : new SessionAWSCredentials(caller.AccessKeyId, caller.SecretAccessKey, caller.SessionToken);
        var config = new AmazonSecurityTokenServiceConfig { ServiceURL = _endpoint!.ToString(), AuthenticationRegion = _region };
        using var sts = new AmazonSecurityTokenServiceClient(signing, config);
        AssumeRoleResponse response;
        try
        {
            response = await sts.AssumeRoleAsync(new AssumeRoleRequest
            {
                RoleArn = RoleArn,
                RoleSessionName = _options.SessionName,
                ExternalId = _options.ExternalId,
                DurationSeconds = (int)_options.Duration.TotalSeconds,
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonServiceException e)
        {
            throw new AssumeRoleException(_accountId, _alias, RoleArn, e.ErrorCode ?? $"HTTP {(int)e.StatusCode}", e.Message, e);
        }
        catch (AmazonClientException e)
        {
            throw new AssumeRoleException(_accountId, _alias, RoleArn, "StsUnreachable", e.Message, e);
        }
        var issued = response.Credentials;
        var expiration = issued.Expiration is { } at
            ? new DateTimeOffset(at.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(at, DateTimeKind.Utc) : at.ToUniversalTime())
            : _time.GetUtcNow() + _options.Duration;
        return (new AwsCredentials(issued.AccessKeyId, issued.SecretAccessKey, issued.SessionToken), expiration);
    }

    public void Dispose() => _gate.Dispose();
}
