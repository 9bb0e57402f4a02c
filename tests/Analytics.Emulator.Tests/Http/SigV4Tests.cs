using Analytics.Emulator.Http;
using Analytics.Emulator.Tests.Http.Support;
using static Analytics.Emulator.Tests.Http.Support.WireClient;

namespace Analytics.Emulator.Tests.Http;

public sealed class SigV4Tests
{
    private const string Key = "AKIDEMULATORTEST";
    private const string Secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

    private static Task<EmulatorHost> StartVerifyingAsync((string, string)? signWith) =>
        EmulatorHost.StartAsync(new EmulatorOptions { Credentials = new EmulatorCredentials(Key, Secret) }, signWith);

    private static readonly Dictionary<string, string> s_noQuery = [];

    [Fact]
    public async Task Requests_without_an_Authorization_header_are_refused_with_403()
    {
        await using var host = await EmulatorHost.StartAsync();

        var sfn = await host.Client.Sfn("ListStateMachines", "{}", m => m.Headers.Remove("Authorization"));
        var lambda = await host.Client.Lambda("/2015-03-31/functions", m => m.Headers.Remove("Authorization"));

        Assert.Equal(403, sfn.Status);
        Assert.Equal("MissingAuthenticationTokenException", sfn.SfnErrorCode);
        Assert.Equal(403, lambda.Status);
        Assert.Equal("MissingAuthenticationTokenException", lambda.Header("X-Amzn-ErrorType"));
    }

    [Fact]
    public async Task A_malformed_Authorization_header_is_an_incomplete_signature()
    {
        await using var host = await EmulatorHost.StartAsync();

        var response = await host.Client.Sfn("ListStateMachines", "{}", m =>
        {
            m.Headers.Remove("Authorization");
            m.Headers.TryAddWithoutValidation("Authorization", "Bearer abc");
        });

        Assert.Equal(400, response.Status);
        Assert.Equal("IncompleteSignatureException", response.SfnErrorCode);
    }

    [Fact]
    public async Task Without_known_credentials_any_well_formed_signature_is_accepted()
    {
        await using var host = await EmulatorHost.StartAsync();

        var response = await host.Client.Sfn("ListStateMachines", "{}");

        Assert.Equal(200, response.Status);
    }

    [Fact]
    public async Task Requests_signed_by_AWSSDK_Core_are_accepted_for_both_services()
    {
        await using var host = await StartVerifyingAsync((Key, Secret));
        var running = host.World.DurableOrder(0);

        var sfn = await host.Client.Sfn("DescribeExecution", Json(("executionArn", FixedWorld.OrderArn(3))));
        var functions = await host.Client.SignedLambda("/2015-03-31/functions", new Dictionary<string, string>(),
            new Dictionary<string, string> { ["MaxItems"] = "7" }, Key, Secret);
        var state = await host.Client.SignedLambda("/2025-12-01/durable-executions/{DurableExecutionArn}/state",
            new Dictionary<string, string> { ["DurableExecutionArn"] = running.DurableExecutionArn },
            new Dictionary<string, string> { ["CheckpointToken"] = FixedWorld.CheckpointToken(running), ["MaxItems"] = "2" }, Key, Secret);
        var marker = functions.Json.GetProperty("NextMarker").GetString()!;
        var nextPage = await host.Client.SignedLambda("/2015-03-31/functions", new Dictionary<string, string>(),
            new Dictionary<string, string> { ["MaxItems"] = "7", ["Marker"] = marker }, Key, Secret);

        Assert.True(sfn.Status == 200, sfn.Body);
        Assert.True(functions.Status == 200, functions.Body);
        Assert.True(state.Status == 200, state.Body);
        Assert.True(nextPage.Status == 200, nextPage.Body);
        Assert.Equal(host.World.Functions[7].FunctionName, nextPage.Json.GetProperty("Functions")[0].GetProperty("FunctionName").GetString());
    }

    [Fact]
    public async Task A_wrong_secret_gives_InvalidSignatureException()
    {
        await using var host = await StartVerifyingAsync((Key, "not-the-secret"));

        var sfn = await host.Client.Sfn("ListStateMachines", "{}");
        var lambda = await host.Client.SignedLambda("/2015-03-31/functions", new Dictionary<string, string>(), s_noQuery, Key, "not-the-secret");

        Assert.Equal(403, sfn.Status);
        Assert.Equal("InvalidSignatureException", sfn.SfnErrorCode);
        Assert.Equal(403, lambda.Status);
        Assert.Equal("InvalidSignatureException", lambda.Header("X-Amzn-ErrorType"));
    }

    [Fact]
    public async Task An_unknown_access_key_gives_UnrecognizedClientException()
    {
        await using var host = await StartVerifyingAsync(("AKIDSOMEONEELSE", Secret));

        var response = await host.Client.Sfn("ListStateMachines", "{}");

        Assert.Equal(403, response.Status);
        Assert.Equal("UnrecognizedClientException", response.SfnErrorCode);
    }

    [Fact]
    public async Task A_body_changed_after_signing_fails_verification()
    {
        await using var host = await StartVerifyingAsync((Key, Secret));

        var response = await host.Client.Sfn("ListStateMachines", "{}", m => m.Content = new ByteArrayContent("{\"maxResults\":5}"u8.ToArray())
        {
            Headers = { { "Content-Type", "application/x-amz-json-1.0" } },
        });

        Assert.Equal(403, response.Status);
        Assert.Equal("InvalidSignatureException", response.SfnErrorCode);
    }

    [Fact]
    public async Task A_query_changed_after_signing_fails_verification()
    {
        await using var host = await StartVerifyingAsync((Key, Secret));
        var signed = AwsSdkSigner.SignLambdaGet(host.Server.Url, "/2015-03-31/functions", new Dictionary<string, string>(),
            new Dictionary<string, string> { ["MaxItems"] = "7" }, Key, Secret);
        signed.RequestUri = new Uri(signed.RequestUri!.ToString().Replace("MaxItems=7", "MaxItems=8", StringComparison.Ordinal));

        var response = await host.Client.SendAsync(signed);

        Assert.Equal(403, response.Status);
        Assert.Equal("InvalidSignatureException", response.Header("X-Amzn-ErrorType"));
    }

    [Fact]
    public async Task A_signature_scoped_to_the_other_service_is_refused()
    {
        await using var host = await StartVerifyingAsync((Key, Secret));
        var lambdaSigned = AwsSdkSigner.SignLambdaGet(host.Server.Url, "/2015-03-31/functions", new Dictionary<string, string>(),
            s_noQuery, Key, Secret);

        var response = await host.Client.Sfn("ListStateMachines", "{}", m =>
        {
            m.Headers.Remove("Authorization");
            m.Headers.TryAddWithoutValidation("Authorization", lambdaSigned.Headers.GetValues("Authorization").First());
        });

        Assert.Equal(403, response.Status);
        Assert.Equal("InvalidSignatureException", response.SfnErrorCode);
        Assert.Contains("states", response.Json.GetProperty("message").GetString(), StringComparison.Ordinal);
    }
}
