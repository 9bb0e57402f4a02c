using System.Globalization;
using System.Text;
using Analytics.Aws.Credentials;
using Analytics.Aws.Http;
using Analytics.Aws.Signing;

namespace Analytics.Aws.Tests.Signing;

public sealed class SigV4SignerTests
{
    private const string DurableArn = "arn:aws:lambda:us-east-1:123456789012:function:durable-fn:$LATEST/durable-execution/order-42/0a1b2c3d-4e5f";

    public static TheoryData<SigningCase> Cases() =>
    [
        Sfn("sfn ListStateMachines with an empty input", "ListStateMachines", "{}", null),
        Sfn("sfn GetExecutionHistory with a session token", "GetExecutionHistory",
            "{\"executionArn\":\"arn:aws:states:us-east-1:123456789012:execution:orders:run-1\",\"maxResults\":1000,\"includeExecutionData\":false}",
            "FwoGZXIvYXdzEBYaDOp+session/token=="),
        Sfn("sfn ListExecutions on a loopback emulator port", "ListExecutions",
            "{\"mapRunArn\":\"arn:aws:states:us-east-1:123456789012:mapRun:orders/Fan-Out:9f8e\",\"statusFilter\":\"FAILED\"}", null) with
        {
            Endpoint = "http://127.0.0.1:45123",
        },
        Sfn("sfn DescribeExecution in another region", "DescribeExecution",
            "{\"executionArn\":\"arn:aws:states:ap-southeast-2:123456789012:express:orders:n:1\"}", null) with
        {
            Endpoint = "https://states.ap-southeast-2.amazonaws.com",
            Region = "ap-southeast-2",
        },
        Lambda("lambda ListFunctions with no query", "/2015-03-31/functions", [], [], null),
        Lambda("lambda ListFunctions with a marker that needs encoding", "/2015-03-31/functions", [],
            [("Marker", ["eyJ0b2tlbiI6IDQyfQ+/=="]), ("MaxItems", ["50"]), ("FunctionVersion", ["ALL"])], null),
        Lambda("lambda GetFunctionConfiguration of $LATEST", "/2015-03-31/functions/{FunctionName}/configuration",
            [("{FunctionName}", "orders-handler")], [("Qualifier", ["$LATEST"])], null),
        Lambda("lambda ListFunctionEventInvokeConfigs by ARN", "/2019-09-25/functions/{FunctionName}/event-invoke-config/list",
            [("{FunctionName}", "arn:aws:lambda:us-east-1:123456789012:function:orders-handler")], [("MaxItems", ["1"])], null),
        Lambda("lambda ListDurableExecutionsByFunction with repeated Statuses and ISO times", "/2025-12-01/functions/{FunctionName}/durable-executions",
            [("{FunctionName}", "durable-fn")],
            [("Statuses", ["SUCCEEDED", "FAILED"]), ("StartedAfter", ["2025-01-01T01:02:03.456Z"]), ("StartedBefore", ["2026-01-01T00:00:00Z"]), ("ReverseOrder", ["true"])],
            "IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQ"),
        Lambda("lambda GetDurableExecution with an ARN label", "/2025-12-01/durable-executions/{DurableExecutionArn}",
            [("{DurableExecutionArn}", DurableArn)], [("IncludeExecutionData", ["false"])], null),
        Lambda("lambda GetDurableExecutionHistory with an ARN label and a session token", "/2025-12-01/durable-executions/{DurableExecutionArn}/history",
            [("{DurableExecutionArn}", DurableArn)], [("IncludeExecutionData", ["false"]), ("MaxItems", ["1000"]), ("Marker", ["a b+c/d=e"])],
            "session-token-value"),
        Lambda("lambda on a loopback emulator port", "/2025-12-01/durable-executions/{DurableExecutionArn}/history",
            [("{DurableExecutionArn}", DurableArn)], [], null) with
        {
            Endpoint = "http://localhost:8080",
        },
    ];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Signature_equals_the_one_AWSSDK_Core_computes(SigningCase c)
    {
        var reference = SdkReferenceSigner.Sign(c);

        using var request = new HttpRequestMessage(new HttpMethod(c.Method), c.OurUri());
        if (c.Body is not null)
        {
            var contentType = c.Headers.First(h => h.Name == "Content-Type").Value;
            request.Content = new PayloadContent(Encoding.UTF8.GetBytes(c.Body), contentType);
        }

        foreach (var (name, value) in c.Headers.Where(h => h.Name != "Content-Type"))
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        var hash = c.Body is null ? SigV4Signer.EmptyPayloadHash : SigV4Signer.HexSha256(Encoding.UTF8.GetBytes(c.Body));
        var signer = new SigV4Signer(new StaticCredentialsProvider(Credentials(c)), c.Region, c.Service, TimeProvider.System);
        // AWSSDK.Core stamps the current time itself: sign ours at the very instant it used.
        var signedAt = DateTimeOffset.ParseExact(reference.AmzDate, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        signer.Sign(request, Credentials(c), hash, signedAt);

        Assert.Equal(reference.AmzDate, Single(request, "X-Amz-Date"));
        Assert.Equal(reference.Authorization, Single(request, "Authorization"));
    }

    [Fact]
    public async Task Signing_adds_date_payload_hash_and_session_token_headers()
    {
        var credentials = new AwsCredentials("AKID", "secret", "the-token");
        var time = new ManualTimeProvider(new DateTimeOffset(2026, 11, 21, 9, 0, 0, TimeSpan.Zero));
        var signer = new SigV4Signer(new StaticCredentialsProvider(credentials), "eu-west-1", "states", time);
        using var request = new HttpRequestMessage(HttpMethod.Post, "https://states.eu-west-1.amazonaws.com/")
        {
            Content = new PayloadContent("{}"u8.ToArray(), "application/x-amz-json-1.0"),
        };

        await signer.SignAsync(request, CancellationToken.None);

        Assert.Equal("20261121T090000Z", Single(request, "X-Amz-Date"));
        Assert.Equal(SigV4Signer.HexSha256("{}"u8), Single(request, "X-Amz-Content-SHA256"));
        Assert.Equal("the-token", Single(request, "X-Amz-Security-Token"));
        var authorization = Single(request, "Authorization");
        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=AKID/20261121/eu-west-1/states/aws4_request, SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date;x-amz-security-token, Signature=", authorization, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", authorization, StringComparison.Ordinal);
    }

    [Fact]
    public void Canonical_uri_encodes_the_sent_path_once_more()
    {
        var uri = new Uri("https://lambda.us-east-1.amazonaws.com/2025-12-01/durable-executions/arn%3Aaws%3Alambda%2Fx%24LATEST/history");

        Assert.Equal("/2025-12-01/durable-executions/arn%253Aaws%253Alambda%252Fx%2524LATEST/history", SigV4Signer.CanonicalUri(uri));
    }

    [Fact]
    public void Canonical_query_sorts_repeated_keys_by_value()
    {
        var uri = new Uri("https://x.test/p?Statuses=SUCCEEDED&MaxItems=5&Statuses=FAILED&Marker=a%2Bb");

        Assert.Equal("Marker=a%2Bb&MaxItems=5&Statuses=FAILED&Statuses=SUCCEEDED", SigV4Signer.CanonicalQuery(uri));
    }

    private static AwsCredentials Credentials(SigningCase c) => new(c.AccessKey, c.SecretKey, c.SessionToken);

    private static string Single(HttpRequestMessage request, string header) => Assert.Single(request.Headers.GetValues(header));

    private static SigningCase Sfn(string name, string api, string body, string? token) => new(
        name, "states", "POST", "https://states.us-east-1.amazonaws.com", "/", [], [],
        [("Content-Type", "application/x-amz-json-1.0"), ("X-Amz-Target", "AWSStepFunctions." + api)], body, token);

    private static SigningCase Lambda(string name, string path, (string, string)[] labels, (string, string[])[] query, string? token) => new(
        name, "lambda", "GET", "https://lambda.us-east-1.amazonaws.com", path, labels, query, [], null, token);
}
