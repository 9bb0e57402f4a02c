using System.Text;
using System.Text.Json;
using Analytics.Core.Json;

namespace Analytics.Core.Tests.Json;

public class JsonStringsTests
{
    [Theory]
    [InlineData(@"{\""FunctionName\"":\""arn\"",\""Payload.$\"":\""$\""}")]
    [InlineData(@"line\nnext\ttab\/slash\r\b\f")]
    [InlineData(@"back\\slash \\u not an escape")]
    [InlineData(@"caf\u00e9 \u20ac \ud83d\ude00 \u0041")]
    [InlineData(@"mixed \"" and \u00e9 and \\")]
    [InlineData(@"no escapes at all")]
    public void Unescaped_length_is_the_utf8_length_of_the_decoded_string(string escapedJsonString)
    {
        var json = Encoding.UTF8.GetBytes("\"" + escapedJsonString + "\"");
        var reader = new Utf8JsonReader(json);
        reader.Read();
        var expected = Encoding.UTF8.GetByteCount(reader.GetString()!);

        Assert.Equal(expected, JsonStrings.UnescapedLength(ref reader));
    }
}
