using System.Text;
using System.Text.Json;
using Analytics.Aws.Http;

namespace Analytics.Aws.Tests.Http;

public sealed class JsonScanTests
{
    [Fact]
    public void Finds_the_top_level_token_and_ignores_nested_members_of_the_same_name()
    {
        var json = Encoding.UTF8.GetBytes("""{"events":[{"nextToken":"inner","id":1}],"nextToken":"outer"}""");

        Assert.Equal("outer", JsonScan.ValidateAndFindTopLevelString(json, "nextToken"u8));
    }

    [Fact]
    public void Last_page_has_no_token()
    {
        Assert.Null(JsonScan.ValidateAndFindTopLevelString("""{"Events":[]}"""u8, "NextMarker"u8));
        Assert.Null(JsonScan.ValidateAndFindTopLevelString("""{"Events":[],"NextMarker":null}"""u8, "NextMarker"u8));
    }

    [Theory]
    [InlineData("""{"events":[{"id":1},{"id":2""")]
    [InlineData("""{"events":[],"nextToken":"abc""")]
    [InlineData("")]
    [InlineData("""[1,2]""")]
    [InlineData("""{"events":[]} trailing""")]
    public void Truncated_or_malformed_bodies_are_detected(string body)
    {
        Assert.ThrowsAny<JsonException>(() => JsonScan.ValidateAndFindTopLevelString(Encoding.UTF8.GetBytes(body), "nextToken"u8));
    }
}
