namespace Analytics.Aws.Http;

/// <summary>Where each service is reached, following the AWS CLI's rules for endpoint overrides.</summary>
public static class EndpointResolver
{
    /// <param name="serviceEnvSuffix">SFN, LAMBDA or CLOUDWATCH_LOGS (for AWS_ENDPOINT_URL_&lt;suffix&gt;).</param>
    /// <param name="hostPrefix">states, lambda or logs.</param>
    public static Uri Resolve(Uri? explicitEndpoint, string serviceEnvSuffix, string hostPrefix, string region)
    {
        if (explicitEndpoint is not null)
        {
            return Validate(explicitEndpoint.ToString(), "--endpoint-url");
        }

        foreach (var variable in new[] { $"AWS_ENDPOINT_URL_{serviceEnvSuffix}", "AWS_ENDPOINT_URL" })
        {
            var value = Environment.GetEnvironmentVariable(variable);
            if (!string.IsNullOrWhiteSpace(value))
            {
                return Validate(value.Trim(), variable);
            }
        }

        var domain = region.StartsWith("cn-", StringComparison.Ordinal) ? "amazonaws.com.cn" : "amazonaws.com";
        return new Uri($"https://{hostPrefix}.{region}.{domain}/");
    }

    private static Uri Validate(string value, string source)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
        {
            throw new AwsConfigurationException($"{source} must be an absolute http(s) URL without query or fragment; got '{value}'.");
        }

        return uri;
    }
}
