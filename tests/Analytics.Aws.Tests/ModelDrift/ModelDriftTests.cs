using Analytics.Aws.StepFunctions.Model;
using Analytics.Emulator.Tests.Http.Support;

namespace Analytics.Aws.Tests.ModelDrift;

/// <summary>
/// The model drift test: every event type, details member and request/response member of the APIs we read, as the
/// newest pinned AWS SDK for JavaScript models them, must be known to our flatteners, clients and emulator. The next
/// AWS addition shows up here as a red test naming it, not as silent data in details_json.
/// </summary>
public sealed class ModelDriftTests
{
    [NodeFact]
    public async Task Flatteners_and_clients_know_everything_the_newest_SDK_models()
    {
        var sdk = await SdkModel.LoadAsync();

        var findings = ModelDriftChecker.Check(sdk, OurModel.Current());
        findings.AddRange(await EmulatorDrift.CheckAsync(sdk));

        AssertOnlyKnownGaps(sdk, findings);
    }

    [NodeFact]
    public async Task Checker_names_an_event_type_taken_out_of_our_list()
    {
        var sdk = await SdkModel.LoadAsync();
        var ours = OurModel.Current();
        Assert.DoesNotContain(ModelDriftChecker.Check(sdk, ours), f => f.Key.Contains("TaskFailed", StringComparison.Ordinal));

        Assert.True(ours.SfnEventTypes.Remove("TaskFailed"));
        Assert.True(ours.DurableEventTypes.Remove("StepFailed"));
        var findings = ModelDriftChecker.Check(sdk, ours);

        Assert.Contains(findings, f => f.Key == "core.sfn.eventType:TaskFailed" && f.Message.Contains("'TaskFailed'", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.Key == "core.durable.eventType:StepFailed" && f.Message.Contains("'StepFailed'", StringComparison.Ordinal));
    }

    [NodeFact]
    public async Task Checker_names_a_details_member_and_a_client_member_we_lack()
    {
        var sdk = await SdkModel.LoadAsync();
        var ours = OurModel.Current();
        Assert.True(ours.SfnDetailMembers.Remove("redriveCount"));
        Assert.True(ours.DurableNested["RetryDetails"].Remove("CurrentAttempt"));
        ours = new OurModel
        {
            SfnEventTypes = ours.SfnEventTypes, SfnEventMembers = ours.SfnEventMembers, SfnDetailMembers = ours.SfnDetailMembers,
            DurableEventTypes = ours.DurableEventTypes, DurableEventMembers = ours.DurableEventMembers,
            DurableDetailMembers = ours.DurableDetailMembers, DurableNested = ours.DurableNested,
            StepFunctionsClient = typeof(ClientMissingAMember),
        };

        var keys = ModelDriftChecker.Check(sdk, ours).Select(f => f.Key).ToList();

        Assert.Contains("core.sfn.detail:executionRedrivenEventDetails.redriveCount", keys);
        Assert.Contains("core.durable.nested:RetryDetails.CurrentAttempt", keys);
        Assert.Contains("aws.ListMapRunsInput.maxResults", keys);
    }

    /// <summary>A client whose ListMapRuns request record lacks maxResults (the rest: as the real client).</summary>
    private sealed class ClientMissingAMember
    {
        public sealed record ListMapRunsRequest(string ExecutionArn, string? NextToken = null);

        public Task<ListMapRunsResponse> ListMapRunsAsync(ListMapRunsRequest request) => throw new NotSupportedException();
    }

    private static void AssertOnlyKnownGaps(SdkModel sdk, List<Finding> findings)
    {
        var unexpected = findings.Where(f => !KnownGaps.NotRead.ContainsKey(f.Key)).ToList();
        Assert.True(unexpected.Count == 0,
            $"The AWS SDK model ({sdk.Versions}) has {unexpected.Count} thing(s) our code lacks:\n" + string.Join('\n', unexpected));
        var keys = findings.Select(f => f.Key).ToHashSet(StringComparer.Ordinal);
        var stale = KnownGaps.NotRead.Keys.Where(k => !keys.Contains(k)).ToList();
        Assert.True(stale.Count == 0, "Allow-listed gaps that are gone (remove them from KnownGaps):\n" + string.Join('\n', stale));
    }
}
