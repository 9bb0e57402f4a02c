using System.Text;
using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Auth;
using Amazon.Runtime.Internal.Util;

namespace Analytics.Aws.Tests.Signing;

/// <summary>Drives AWSSDK.Core's own SigV4 signer (AWS4Signer) over a DefaultRequest shaped as the SDK's marshallers shape it.</summary>
internal static class SdkReferenceSigner
{
    public sealed record Signed(string Authorization, string AmzDate);

    public static Signed Sign(SigningCase c)
    {
        var request = new DefaultRequest(new ReferenceRequest(), c.Service == "states" ? "AmazonStepFunctions" : "AmazonLambda")
        {
            HttpMethod = c.Method,
            Endpoint = new Uri(c.Endpoint),
            ResourcePath = c.ResourcePath,
            AuthenticationRegion = c.Region,
            OverrideSigningServiceName = c.Service,
        };
        foreach (var (label, value) in c.PathLabels)
        {
            request.AddPathResource(label, value);
        }

        foreach (var (key, values) in c.Query)
        {
            if (values.Length == 1)
            {
                request.Parameters[key] = values[0];
            }
            else
            {
                request.ParameterCollection.Add(key, values.ToList());
            }
        }

        request.UseQueryString = c.Method == "GET";
        foreach (var (name, value) in c.Headers)
        {
            request.Headers[name] = value;
        }

        if (c.Body is not null)
        {
            request.Content = Encoding.UTF8.GetBytes(c.Body);
        }

        if (c.SessionToken is not null)
        {
            request.Headers["X-Amz-Security-Token"] = c.SessionToken;
        }

        var config = new ReferenceConfig { AuthenticationServiceName = c.Service, AuthenticationRegion = c.Region };
        AWSCredentials credentials = c.SessionToken is null
            ? new BasicAWSCredentials(c.AccessKey, c.SecretKey)
            : new SessionAWSCredentials(c.AccessKey, c.SecretKey, c.SessionToken);
        new AWS4Signer().Sign(request, config, new RequestMetrics(), credentials);
        return new Signed(request.Headers["Authorization"], request.Headers["X-Amz-Date"]);
    }

    private sealed class ReferenceRequest : AmazonWebServiceRequest;

    private sealed class ReferenceConfig() : ClientConfig(new DefaultConfigurationProvider([new DefaultConfiguration { Name = DefaultConfigurationMode.Standard, RetryMode = RequestRetryMode.Standard }]))
    {
        public override string RegionEndpointServiceName => "states";

        public override string ServiceVersion => "1";

        public override string UserAgent => "reference";

        public override Amazon.Runtime.Endpoints.Endpoint DetermineServiceOperationEndpoint(Amazon.Runtime.Endpoints.ServiceOperationEndpointParameters parameters) =>
            throw new NotSupportedException("The reference signer is given its endpoint directly.");
    }
}
