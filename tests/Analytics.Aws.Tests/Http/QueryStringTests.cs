using Analytics.Aws.Http;

namespace Analytics.Aws.Tests.Http;

public sealed class QueryStringTests
{
    [Fact]
    public void Keys_are_sorted_lists_repeat_and_values_are_encoded()
    {
        var query = new QueryString()
            .Add("StartedBefore", new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero))
            .Add("Statuses", ["SUCCEEDED", "FAILED"])
            .Add("StartedAfter", new DateTimeOffset(2025, 1, 1, 1, 2, 3, 456, TimeSpan.Zero))
            .Add("Marker", "a b+c/d=e")
            .Add("ReverseOrder", true)
            .Add("Qualifier", (string?)null)
            .Add("MaxItems", 7);

        Assert.Equal(
            "Marker=a%20b%2Bc%2Fd%3De&MaxItems=7&ReverseOrder=true&StartedAfter=2025-01-01T01%3A02%3A03.456Z"
            + "&StartedBefore=2026-01-01T00%3A00%3A00Z&Statuses=SUCCEEDED&Statuses=FAILED",
            query.ToString());
    }

    [Fact]
    public void Timestamps_are_UTC_with_milliseconds_only_when_set()
    {
        Assert.Equal("2025-01-01T00:02:03Z", QueryString.FormatTimestamp(new DateTimeOffset(2025, 1, 1, 1, 2, 3, TimeSpan.FromHours(1))));
        Assert.Equal("2025-01-01T01:02:03.007Z", QueryString.FormatTimestamp(new DateTimeOffset(2025, 1, 1, 1, 2, 3, 7, TimeSpan.Zero)));
    }

    [Fact]
    public void Path_labels_are_encoded_in_full_as_the_SDK_does()
    {
        Assert.Equal(
            "arn%3Aaws%3Alambda%3Aus-east-1%3A123456789012%3Afunction%3Adurable-fn%3A%24LATEST%2Fdurable-execution%2Fd-ok%2F0000",
            PercentEncoding.Encode("arn:aws:lambda:us-east-1:123456789012:function:durable-fn:$LATEST/durable-execution/d-ok/0000"));
        Assert.Equal("caf%C3%A9~._-", PercentEncoding.Encode("café~._-"));
    }

    [Fact]
    public void Encoded_labels_survive_Uri_unchanged()
    {
        var uri = new Uri("http://127.0.0.1:1/2025-12-01/durable-executions/" + PercentEncoding.Encode("arn:aws:x:$LATEST/a b") + "/history");

        Assert.Equal("/2025-12-01/durable-executions/arn%3Aaws%3Ax%3A%24LATEST%2Fa%20b/history", uri.AbsolutePath);
    }
}
