using System.Security.Cryptography;
using System.Text;
using Analytics.Emulator.Http.Auth;

namespace Analytics.Emulator.Tests.Http;

public sealed class CanonicalRequestTests
{
    [Fact]
    public void Canonical_request_matches_the_AWS_documentation_example()
    {
        // The worked example of the AWS "Signature Version 4" documentation (IAM ListUsers, 2015-08-30).
        var headers = new Dictionary<string, string>
        {
            ["content-type"] = "application/x-www-form-urlencoded; charset=utf-8",
            ["host"] = "iam.amazonaws.com",
            ["x-amz-date"] = "20150830T123600Z",
        };

        var canonical = CanonicalRequest.Build("GET", "/", "Version=2010-05-08&Action=ListUsers", ["content-type", "host", "x-amz-date"],
            name => headers.GetValueOrDefault(name), Convert.ToHexStringLower(SHA256.HashData([])));

        Assert.Equal(
            "GET\n/\nAction=ListUsers&Version=2010-05-08\ncontent-type:application/x-www-form-urlencoded; charset=utf-8\n"
            + "host:iam.amazonaws.com\nx-amz-date:20150830T123600Z\n\ncontent-type;host;x-amz-date\n"
            + "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", canonical);
        Assert.Equal("f536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59",
            Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical))));
    }

    [Theory]
    [InlineData("/2025-12-01/durable-executions/arn%3Aaws%3Alambda%3Aus-east-1%3A1%3Afunction%3Af%3A1%2Fdurable-execution%2Fa%2Fb/history",
        "/2025-12-01/durable-executions/arn%253Aaws%253Alambda%253Aus-east-1%253A1%253Afunction%253Af%253A1%252Fdurable-execution%252Fa%252Fb/history")]
    [InlineData("/2015-03-31/functions/", "/2015-03-31/functions/")]
    [InlineData("/a//b/./c/../d", "/a/b/d")]
    [InlineData("/", "/")]
    public void Canonical_uri_is_normalized_and_encoded_once_more(string rawPath, string expected)
    {
        Assert.Equal(expected, CanonicalRequest.CanonicalUri(rawPath));
    }

    [Fact]
    public void Canonical_query_sorts_by_key_then_value_and_uses_rfc3986_encoding()
    {
        var canonical = CanonicalRequest.CanonicalQuery("Statuses=SUCCEEDED&Marker=ab%2Bc%2F%3D&Statuses=FAILED&Name=a%20b~");

        Assert.Equal("Marker=ab%2Bc%2F%3D&Name=a%20b~&Statuses=FAILED&Statuses=SUCCEEDED", canonical);
    }
}
