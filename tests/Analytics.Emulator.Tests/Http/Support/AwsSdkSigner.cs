using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Auth;

namespace Analytics.Emulator.Tests.Http.Support;

/// <summary>
/// Signs requests with AWSSDK.Core's own SigV4 signer (<see cref="AWS4Signer"/>), an implementation independent
/// of the emulator's verifier, so the verifier is checked against what a real AWS SDK produces.
/// </summary>
internal static class AwsSdkSigner
{
    /// <param name="region">The region of the credential scope (the emulator routes a multi-account world by it).</param>
    /// <param name="sessionToken">Temporary credentials' token, sent (and signed) as X-Amz-Security-Token.</param>
    public static void SignStepFunctions(HttpRequestMessage message, string operation, byte[] body, string key, string secret,
        string region = "us-east-1", string? sessionToken = null)
    {
        var request = new DefaultRequest(new SignerRequest(), "StepFunctions")
        {
            HttpMethod = "POST",
            Endpoint = new Uri(message.RequestUri!.GetLeftPart(UriPartial.Authority)),
            ResourcePath = "/",
            Content = body,
            AuthenticationRegion = region,
            OverrideSigningServiceName = "states",
        };
        request.Headers["Content-Type"] = "application/x-amz-json-1.0";
        request.Headers["X-Amz-Target"] = "AWSStepFunctions." + operation;
        Sign(request, "states", key, secret, region, sessionToken);
        CopyHeaders(request, message);
    }

    public static HttpRequestMessage SignLambdaGet(Uri endpoint, string pathTemplate, IDictionary<string, string> labels,
        IDictionary<string, string> query, string key, string secret, string region = "us-east-1", string? sessionToken = null)
    {
        var request = new DefaultRequest(new SignerRequest(), "Lambda")
        {
            HttpMethod = "GET",
            Endpoint = new Uri(endpoint.GetLeftPart(UriPartial.Authority)),
            ResourcePath = pathTemplate,
            AuthenticationRegion = region,
            OverrideSigningServiceName = "lambda",
        };
        foreach (var (name, value) in labels)
        {
            request.AddPathResource("{" + name + "}", value);
        }
        foreach (var (name, value) in query)
        {
            request.Parameters[name] = value;
        }
        Sign(request, "lambda", key, secret, region, sessionToken);
        var message = new HttpRequestMessage(HttpMethod.Get, AmazonServiceClient.ComposeUrl(request));
        CopyHeaders(request, message);
        return message;
    }

    private static void Sign(DefaultRequest request, string service, string key, string secret, string region, string? sessionToken)
    {
        if (sessionToken is not null)
        {
            request.Headers["X-Amz-Security-Token"] = sessionToken;
        }
        var config = new SignerConfig(service)
        {
            ServiceURL = request.Endpoint.ToString(),
            AuthenticationRegion = region,
            AuthenticationServiceName = service,
        };
        var result = new AWS4Signer().SignRequest(request, config, null, key, secret);
        request.Headers["Authorization"] = result.ForAuthorizationHeader;
    }

    private static void CopyHeaders(DefaultRequest request, HttpRequestMessage message)
    {
        foreach (var (name, value) in request.Headers)
        {
            if (name.Equals("host", StringComparison.OrdinalIgnoreCase) || name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            message.Headers.Remove(name);
            message.Headers.TryAddWithoutValidation(name, value);
        }
    }

    private sealed class SignerRequest : AmazonWebServiceRequest
    {
    }

    private sealed class SignerConfig(string service) : ClientConfig(
        new DefaultConfigurationProvider([new DefaultConfiguration { Name = DefaultConfigurationMode.Standard }]))
    {
        public override string ServiceVersion => "2015-03-31";

        public override string UserAgent => "analytics-emulator-tests";

        public override string RegionEndpointServiceName => service;

        public override Amazon.Runtime.Endpoints.Endpoint DetermineServiceOperationEndpoint(
            Amazon.Runtime.Endpoints.ServiceOperationEndpointParameters parameters) => new(ServiceURL);
    }
}
