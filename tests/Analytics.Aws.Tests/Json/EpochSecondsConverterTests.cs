using System.Text;
using System.Text.Json;
using Analytics.Aws.Json;

namespace Analytics.Aws.Tests.Json;

public sealed class EpochSecondsConverterTests
{
    [Theory]
    [InlineData("1748779560.042", "2025-06-01T12:06:00.0420000+00:00")]
    [InlineData("1748779560", "2025-06-01T12:06:00.0000000+00:00")]
    [InlineData("1.574287263898E9", "2019-11-20T22:01:03.8980000+00:00")]
    [InlineData("1.574287263898e+9", "2019-11-20T22:01:03.8980000+00:00")]
    [InlineData("\"1748779560.042\"", "2025-06-01T12:06:00.0420000+00:00")]
    public void Epoch_seconds_in_every_wire_form_become_UTC_milliseconds(string json, string expected)
    {
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), Read(json));
    }

    [Theory]
    [InlineData("1748779560042")]
    [InlineData("\"2025-06-01T12:06:00Z\"")]
    [InlineData("-5")]
    [InlineData("true")]
    public void Epoch_milliseconds_ISO_strings_and_nonsense_are_rejected(string json)
    {
        Assert.Throws<JsonException>(() => Read(json));
    }

    private static DateTimeOffset Read(string json)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        reader.Read();
        return new EpochSecondsConverter().Read(ref reader, typeof(DateTimeOffset), new JsonSerializerOptions());
    }
}
