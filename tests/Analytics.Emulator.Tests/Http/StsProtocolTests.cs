using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Xml.Linq;
using Analytics.Emulator.Http;
using Analytics.Emulator.Tests.Http.Support;
using Analytics.Emulator.World;

namespace Analytics.Emulator.Tests.Http;

/// <summary>
/// STS AssumeRole over the Query protocol on the emulator serving sample-data/worlds/org.json, and requests signed with
/// the temporary credentials it returns, routed to the role's account and the signature's region.
/// </summary>
public sealed class StsProtocolTests : IAsyncLifetime
{
    private static readonly XNamespace s_sts = "https://sts.amazonaws.com/doc/2011-06-15/";
    private const string Role222 = "arn:aws:iam::222222222222:role/analytics-reader";

    private EmulatorServer _server = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        var org = WorldLoader.LoadOrganisation(Path.Combine(TestPaths.RepoRoot, "sample-data", "worlds", "org.json"), seed: 7);
        _server = await EmulatorServer.StartAsync(org, new EmulatorOptions());
        _http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    private async Task<(int Status, string? ContentType, XDocument Xml)> StsAsync(string form)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, _server.Url)
        {
            Content = new StringContent(form, Encoding.UTF8, "application/x-www-form-urlencoded"),
        };
        message.Headers.TryAddWithoutValidation("Authorization", WireClient.FakeAuthorization("sts"));
        using var response = await _http.SendAsync(message);
        return ((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, XDocument.Parse(await response.Content.ReadAsStringAsync()));
    }

    private static string AssumeRoleForm(string roleArn, string? externalId = "wha-org-demo", int? duration = null) =>
        $"Action=AssumeRole&Version=2011-06-15&RoleArn={Uri.EscapeDataString(roleArn)}&RoleSessionName=wire-test"
        + (externalId is null ? "" : $"&ExternalId={Uri.EscapeDataString(externalId)}")
        + (duration is null ? "" : $"&DurationSeconds={duration}");

    private static (string Code, string Type, string Message) Error(XDocument xml)
    {
        var error = xml.Root!.Element(s_sts + "Error")!;
        Assert.Equal(s_sts + "ErrorResponse", xml.Root.Name);
        Assert.NotEmpty(xml.Root.Element(s_sts + "RequestId")!.Value);
        return (error.Element(s_sts + "Code")!.Value, error.Element(s_sts + "Type")!.Value, error.Element(s_sts + "Message")!.Value);
    }

    [Fact]
    public async Task AssumeRole_answers_the_documented_XML_and_its_credentials_read_the_roles_account_in_the_signed_region()
    {
        var (status, contentType, xml) = await StsAsync(AssumeRoleForm(Role222));

        Assert.Equal(200, status);
        Assert.Equal("text/xml", contentType);
        Assert.Equal(s_sts + "AssumeRoleResponse", xml.Root!.Name);
        var result = xml.Root.Element(s_sts + "AssumeRoleResult")!;
        var user = result.Element(s_sts + "AssumedRoleUser")!;
        Assert.Equal("arn:aws:sts::222222222222:assumed-role/analytics-reader/wire-test", user.Element(s_sts + "Arn")!.Value);
        Assert.Matches("^AROA[0-9A-F]{17}:wire-test$", user.Element(s_sts + "AssumedRoleId")!.Value);
        var credentials = result.Element(s_sts + "Credentials")!;
        var key = credentials.Element(s_sts + "AccessKeyId")!.Value;
        var secret = credentials.Element(s_sts + "SecretAccessKey")!.Value;
        var token = credentials.Element(s_sts + "SessionToken")!.Value;
        Assert.Matches("^ASIA[A-Z2-7]{16}$", key);
        var expiration = DateTimeOffset.ParseExact(credentials.Element(s_sts + "Expiration")!.Value, "yyyy-MM-dd'T'HH:mm:ss'Z'",
            CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        Assert.InRange(expiration - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(59), TimeSpan.FromMinutes(60));
        Assert.NotEmpty(xml.Root.Element(s_sts + "ResponseMetadata")!.Element(s_sts + "RequestId")!.Value);

        var listed = await SignedSfnAsync("ListStateMachines", "{}", key, secret, "eu-west-1", token);
        Assert.Equal(200, listed.Status);
        var arns = listed.Json.GetProperty("stateMachines").EnumerateArray().Select(m => m.GetProperty("stateMachineArn").GetString()!).ToList();
        Assert.Equal(2, arns.Count);
        Assert.All(arns, arn => Assert.StartsWith("arn:aws:states:eu-west-1:222222222222:stateMachine:", arn));

        var noToken = await SignedSfnAsync("ListStateMachines", "{}", key, secret, "eu-west-1", sessionToken: null);
        Assert.Equal((403, "UnrecognizedClientException"), (noToken.Status, noToken.SfnErrorCode));
        var wrongSecret = await SignedSfnAsync("ListStateMachines", "{}", key, "not-the-secret", "eu-west-1", token);
        Assert.Equal((403, "InvalidSignatureException"), (wrongSecret.Status, wrongSecret.SfnErrorCode));
    }

    [Fact]
    public async Task A_missing_role_or_a_wrong_external_id_is_AccessDenied_in_an_ErrorResponse()
    {
        var missing = await StsAsync(AssumeRoleForm("arn:aws:iam::333333333333:role/analytics-reader"));
        var wrongId = await StsAsync(AssumeRoleForm(Role222, externalId: "guess"));
        var noId = await StsAsync(AssumeRoleForm(Role222, externalId: null));
        var unknownAccount = await StsAsync(AssumeRoleForm("arn:aws:iam::444444444444:role/analytics-reader"));

        foreach (var (status, contentType, xml) in new[] { missing, wrongId, noId, unknownAccount })
        {
            Assert.Equal((403, "text/xml"), (status, contentType));
            var (code, type, message) = Error(xml);
            Assert.Equal(("AccessDenied", "Sender"), (code, type));
            Assert.StartsWith("User: arn:aws:iam::111111111111:user/analytics-exporter is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::", message);
        }
        Assert.EndsWith("arn:aws:iam::333333333333:role/analytics-reader", Error(missing.Xml).Message);
    }

    [Theory]
    [InlineData("Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A222222222222%3Arole%2Fanalytics-reader&RoleSessionName=s&ExternalId=wha-org-demo", 400, "ValidationError")]
    [InlineData("Action=AssumeRole&Version=2011-06-15&RoleArn=not-an-arn&RoleSessionName=session", 400, "ValidationError")]
    [InlineData("Action=Decode&Version=2011-06-15", 400, "InvalidAction")]
    [InlineData("Action=AssumeRole&Version=2010-01-01", 400, "InvalidAction")]
    public async Task Malformed_calls_are_refused_with_the_STS_error_codes(string form, int status, string code)
    {
        var answer = await StsAsync(form);

        Assert.Equal(status, answer.Status);
        Assert.Equal(code, Error(answer.Xml).Code);
    }

    [Fact]
    public async Task DurationSeconds_below_900_or_above_the_roles_maximum_is_a_ValidationError_and_within_it_is_honoured()
    {
        var tooShort = await StsAsync(AssumeRoleForm(Role222, duration: 600));
        var tooLong = await StsAsync(AssumeRoleForm(Role222, duration: 7201)); // prod-eu's role allows 7,200 s
        var twoHours = await StsAsync(AssumeRoleForm(Role222, duration: 7200));

        Assert.Equal((400, "ValidationError"), (tooShort.Status, Error(tooShort.Xml).Code));
        Assert.Equal((400, "ValidationError"), (tooLong.Status, Error(tooLong.Xml).Code));
        Assert.Contains("MaxSessionDuration", Error(tooLong.Xml).Message);
        var expiration = DateTimeOffset.Parse(twoHours.Xml.Descendants(s_sts + "Expiration").Single().Value, CultureInfo.InvariantCulture);
        Assert.InRange(expiration - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(119), TimeSpan.FromMinutes(120));
    }

    [Fact]
    public async Task A_service_the_world_disables_in_a_region_answers_AccessDenied_and_the_other_still_works()
    {
        var xml = (await StsAsync(AssumeRoleForm(Role222))).Xml;
        string Value(string name) => xml.Descendants(s_sts + name).Single().Value;

        var lambda = AwsSdkSigner.SignLambdaGet(_server.Url, "/2015-03-31/functions", new Dictionary<string, string>(),
            new Dictionary<string, string>(), Value("AccessKeyId"), Value("SecretAccessKey"), "eu-central-1", Value("SessionToken"));
        using var denied = await _http.SendAsync(lambda);
        var sfn = await SignedSfnAsync("ListStateMachines", "{}", Value("AccessKeyId"), Value("SecretAccessKey"), "eu-central-1", Value("SessionToken"));

        Assert.Equal(403, (int)denied.StatusCode);
        Assert.Equal("AccessDeniedException", denied.Headers.GetValues("X-Amzn-ErrorType").Single());
        Assert.Contains("lambda:ListFunctions in eu-central-1 with an explicit deny", await denied.Content.ReadAsStringAsync());
        Assert.Equal(200, sfn.Status);
    }

    private async Task<WireResponse> SignedSfnAsync(string operation, string body, string key, string secret, string region, string? sessionToken)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var message = new HttpRequestMessage(HttpMethod.Post, _server.Url) { Content = new ByteArrayContent(bytes) };
        message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/x-amz-json-1.0");
        message.Headers.TryAddWithoutValidation("X-Amz-Target", "AWSStepFunctions." + operation);
        AwsSdkSigner.SignStepFunctions(message, operation, bytes, key, secret, region, sessionToken);
        if (sessionToken is null)
        {
            message.Headers.Remove("X-Amz-Security-Token");
        }
        return await new WireClient(_http, _server.Url).SendAsync(message);
    }
}
