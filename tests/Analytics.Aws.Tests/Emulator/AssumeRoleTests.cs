using Analytics.Aws.Credentials;
using Analytics.Aws.Retry;
using Analytics.Aws.StepFunctions.Model;
using Analytics.Aws.Tests.Credentials;
using Analytics.Emulator.Http;
using Analytics.Emulator.World;

namespace Analytics.Aws.Tests.Emulator;

/// <summary>
/// The assume-role provider against the emulator serving sample-data/worlds/org.json over loopback HTTP: STS through
/// AWSSDK.SecurityToken, then our own clients signing with the role's temporary credentials. The STS client reads
/// the AWS shared files (and AWSSDK.Core caches where they are on first use), so these tests run in the clean
/// environment of the credentials tests.
/// </summary>
[Collection(nameof(ProcessEnvironmentCollection))]
public sealed class AssumeRoleTests : IDisposable
{
    private readonly AwsEnvironment _environment = new();

    private const string BaseKey = "AKIDORGBASE";
    private const string BaseSecret = "org-base-secret";
    private const string ExternalId = "wha-org-demo";

    private static readonly StaticCredentialsProvider s_base = new(new AwsCredentials(BaseKey, BaseSecret, null));

    public void Dispose() => _environment.Dispose();

    private static Organisation LoadOrg() => WorldLoader.LoadOrganisation(TestWorld.OrgWorldPath, TestWorld.Seed);

    private static Task<EmulatorServer> StartAsync(Organisation org, TimeProvider? clock = null, QuotaMode quotas = QuotaMode.None) =>
        EmulatorServer.StartAsync(org, new EmulatorOptions
        {
            Credentials = new EmulatorCredentials(BaseKey, BaseSecret),
            Clock = clock ?? TimeProvider.System,
            Quotas = quotas,
        });

    private static AwsClientOptions Options(EmulatorServer server, int maxAttempts = 3) => new()
    {
        EndpointUrl = server.Url,
        RateLimits = RateLimitMode.None,
        Retry = new RetryOptions { MaxAttempts = maxAttempts },
    };

    private static AssumeRoleCredentialsProvider Role(EmulatorServer server, string account, string region, string? externalId = ExternalId,
        TimeSpan? duration = null, TimeProvider? time = null, string? alias = null) =>
        new(s_base, account, new AssumeRoleOptions
        {
            RoleName = "analytics-reader",
            ExternalId = externalId,
            Duration = duration ?? TimeSpan.FromHours(1),
        }, region, server.Url, alias, time);

    private static async Task<List<StateMachineListItem>> ListStateMachinesAsync(AwsClientFactory clients)
    {
        var found = new List<StateMachineListItem>();
        await foreach (var item in clients.StepFunctions.Paginators.StateMachines(new ListStateMachinesRequest()))
        {
            found.Add(item);
        }
        return found;
    }

    [Fact]
    public async Task An_assumed_role_lists_the_second_accounts_state_machines_in_its_region_with_their_ARNs()
    {
        var org = LoadOrg();
        await using var server = await StartAsync(org);
        using var role = Role(server, "222222222222", "eu-west-1", alias: "prod-eu");
        var target = new AwsTarget("222222222222", "eu-west-1", role, "prod-eu");
        using var clients = target.CreateClients(Options(server));

        var machines = await ListStateMachinesAsync(clients);

        Assert.Equal(["nightly-report", "order-fulfillment"], machines.Select(m => m.Name).Order());
        Assert.All(machines, m => Assert.StartsWith("arn:aws:states:eu-west-1:222222222222:stateMachine:", m.StateMachineArn));
        var unit = org.Units.Single(u => u.AccountId == "222222222222" && u.Region == "eu-west-1");
        var orders = machines.Single(m => m.Name == "order-fulfillment").StateMachineArn;
        var executions = 0;
        await foreach (var execution in clients.StepFunctions.Paginators.Executions(new ListExecutionsRequest(StateMachineArn: orders)))
        {
            Assert.StartsWith("arn:aws:states:eu-west-1:222222222222:execution:order-fulfillment:", execution.ExecutionArn);
            executions++;
        }
        Assert.Equal(unit.World.ListExecutions(orders).Count, executions);
        var functions = new List<string>();
        await foreach (var function in clients.Lambda.Paginators.Functions(new Lambda.Model.ListFunctionsRequest()))
        {
            functions.Add(function.FunctionArn!);
        }
        Assert.Contains("arn:aws:lambda:eu-west-1:222222222222:function:notify", functions);

        // The base keys themselves belong to the home account: same names, the home account's ARNs.
        using var home = new AwsTarget("111111111111", "us-east-1", s_base).CreateClients(Options(server));
        Assert.All(await ListStateMachinesAsync(home),
            m => Assert.StartsWith("arn:aws:states:us-east-1:111111111111:stateMachine:", m.StateMachineArn));
    }

    [Fact]
    public async Task A_missing_role_or_a_wrong_external_id_is_an_AssumeRoleException_naming_the_account()
    {
        await using var server = await StartAsync(LoadOrg());
        using var missing = Role(server, "333333333333", "us-east-1", alias: "sandbox");
        using var wrongId = Role(server, "222222222222", "eu-west-1", externalId: "not-the-one");

        var denied = await Assert.ThrowsAsync<AssumeRoleException>(() => missing.GetCredentialsAsync(CancellationToken.None).AsTask());
        var refused = await Assert.ThrowsAsync<AssumeRoleException>(() => wrongId.GetCredentialsAsync(CancellationToken.None).AsTask());

        Assert.Equal("333333333333", denied.AccountId);
        Assert.True(denied.IsAccessDenied);
        Assert.StartsWith("cannot assume role arn:aws:iam::333333333333:role/analytics-reader in account 333333333333 (sandbox): AccessDenied: ",
            denied.Message);
        Assert.Equal("222222222222", refused.AccountId);
        Assert.True(refused.IsAccessDenied);
        Assert.DoesNotContain(BaseSecret, denied.Message + refused.Message);
    }

    [Fact]
    public async Task Short_sessions_are_renewed_before_they_expire_and_expired_keys_are_refused()
    {
        // One shifted clock for the emulator and the provider: minutes pass without waiting for them.
        var clock = new OffsetClock();
        await using var server = await StartAsync(LoadOrg(), clock);
        using var role = Role(server, "222222222222", "eu-west-1", duration: TimeSpan.FromSeconds(900), time: clock);

        var asked = clock.GetUtcNow();
        var first = await role.GetCredentialsAsync(CancellationToken.None);
        var answered = clock.GetUtcNow();
        Assert.Equal(first, await role.GetCredentialsAsync(CancellationToken.None));
        // The emulator honours the 900 s asked for (STS reports whole seconds, cut): 900 s after a moment of the call,
        // whatever the call took (measured from a moment after it, with 2 s of slack, a 1-2 s stall of a loaded machine
        // failed it).
        Assert.InRange(role.Expiration!.Value, asked + TimeSpan.FromSeconds(899), answered + TimeSpan.FromSeconds(900));

        clock.Advance(TimeSpan.FromMinutes(9));
        Assert.Equal(first, await role.GetCredentialsAsync(CancellationToken.None)); // 6 minutes left: kept
        clock.Advance(TimeSpan.FromMinutes(2));
        var second = await role.GetCredentialsAsync(CancellationToken.None); // 4 minutes left: renewed
        Assert.NotEqual(first.AccessKeyId, second.AccessKeyId);

        clock.Advance(TimeSpan.FromMinutes(5)); // the first session is over, the second has 10 minutes left
        using var renewed = new AwsTarget("222222222222", "eu-west-1", role).CreateClients(Options(server), clock);
        Assert.Equal(2, (await ListStateMachinesAsync(renewed)).Count);
        using var stale = new AwsTarget("222222222222", "eu-west-1", new StaticCredentialsProvider(first)).CreateClients(Options(server), clock);
        var expired = await Assert.ThrowsAsync<AwsServiceException>(() => ListStateMachinesAsync(stale));
        Assert.Equal("ExpiredTokenException", expired.ErrorCode);
    }

    [Fact]
    public async Task Quotas_are_per_account_and_region_so_two_units_throttle_independently()
    {
        // The emulator's clock stands still: buckets do not refill during the test.
        var frozen = new ManualTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await StartAsync(LoadOrg(), frozen, QuotaMode.Aws);
        using var role = Role(server, "222222222222", "eu-west-1");
        using var east = new AwsTarget("111111111111", "us-east-1", s_base).CreateClients(Options(server, maxAttempts: 1));
        using var west = new AwsTarget("111111111111", "eu-west-1", s_base).CreateClients(Options(server, maxAttempts: 1));
        using var member = new AwsTarget("222222222222", "eu-west-1", role).CreateClients(Options(server, maxAttempts: 1));

        // ListStateMachines: a bucket of 100 per account and region.
        var admitted = 0;
        AwsServiceException? throttled = null;
        while (throttled is null && admitted <= 200)
        {
            try
            {
                await east.StepFunctions.ListStateMachinesAsync(new ListStateMachinesRequest());
                admitted++;
            }
            catch (AwsServiceException e)
            {
                throttled = e;
            }
        }

        Assert.Equal(100, admitted);
        Assert.Equal("ThrottlingException", throttled!.ErrorCode);
        for (var i = 0; i < 100; i++)
        {
            await west.StepFunctions.ListStateMachinesAsync(new ListStateMachinesRequest()); // same account, other region
            await member.StepFunctions.ListStateMachinesAsync(new ListStateMachinesRequest()); // same region, other account
        }
        await Assert.ThrowsAsync<AwsServiceException>(() => west.StepFunctions.ListStateMachinesAsync(new ListStateMachinesRequest()));
    }
}
