using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Analytics.Emulator.Tests.Http.Support;

/// <summary>One raw HTTP answer of the endpoint, body kept as text so tests can check the exact JSON.</summary>
internal sealed record WireResponse(int Status, HttpResponseHeaders Headers, string? ContentType, string Body)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    public string? Header(string name) => Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;

    /// <summary>The Step Functions error code as the SDK resolves it (`__type` after any `#`).</summary>
    public string SfnErrorCode => Json.GetProperty("__type").GetString()!.Split('#')[^1];
}

/// <summary>
/// Sends raw protocol requests to the emulator: Step Functions as `POST /` with X-Amz-Target, Lambda as GETs on
/// versioned paths. Requests carry a syntactically valid SigV4 header, or a real signature when credentials are given.
/// </summary>
internal sealed class WireClient(HttpClient http, Uri baseUrl, (string Key, string Secret)? credentials = null)
{
    public Uri BaseUrl => baseUrl;

    public static string FakeAuthorization(string service) =>
        $"AWS4-HMAC-SHA256 Credential=AKIDTEST/{DateTime.UtcNow:yyyyMMdd}/us-east-1/{service}/aws4_request, "
        + "SignedHeaders=host;x-amz-date, Signature=0123456789abcdef";

    public Task<WireResponse> Sfn(string operation, string body, Action<HttpRequestMessage>? tweak = null)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var message = new HttpRequestMessage(HttpMethod.Post, baseUrl);
        message.Content = new ByteArrayContent(bytes);
        message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/x-amz-json-1.0");
        message.Headers.TryAddWithoutValidation("X-Amz-Target", "AWSStepFunctions." + operation);
        if (credentials is { } c)
        {
            AwsSdkSigner.SignStepFunctions(message, operation, bytes, c.Key, c.Secret);
        }
        else
        {
            message.Headers.TryAddWithoutValidation("Authorization", FakeAuthorization("states"));
        }
        tweak?.Invoke(message);
        return SendAsync(message);
    }

    /// <summary>A Lambda GET; <paramref name="pathAndQuery"/> must already be percent-encoded as an SDK would send it.</summary>
    public Task<WireResponse> Lambda(string pathAndQuery, Action<HttpRequestMessage>? tweak = null)
    {
        var message = new HttpRequestMessage(HttpMethod.Get, new Uri(baseUrl, pathAndQuery));
        message.Headers.TryAddWithoutValidation("Authorization", FakeAuthorization("lambda"));
        tweak?.Invoke(message);
        return SendAsync(message);
    }

    /// <summary>A Lambda GET signed by AWSSDK.Core: labels are raw values the SDK encodes into the path itself.</summary>
    public Task<WireResponse> SignedLambda(string pathTemplate, IDictionary<string, string> labels, IDictionary<string, string> query,
        string key, string secret)
    {
        var message = AwsSdkSigner.SignLambdaGet(baseUrl, pathTemplate, labels, query, key, secret);
        return SendAsync(message);
    }

    public async Task<WireResponse> SendAsync(HttpRequestMessage message)
    {
        using var response = await http.SendAsync(message);
        var body = await response.Content.ReadAsStringAsync();
        return new WireResponse((int)response.StatusCode, response.Headers, response.Content.Headers.ContentType?.MediaType, body);
    }

    public static string Encode(string value) => Uri.EscapeDataString(value);

    public static string Json(params (string Name, object? Value)[] members)
    {
        var present = members.Where(m => m.Value is not null).ToDictionary(m => m.Name, m => m.Value);
        return JsonSerializer.Serialize(present);
    }

    public static string Iso(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
