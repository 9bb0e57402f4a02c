using System.Text;
using Analytics.Core.Durable;
using Analytics.Core.Json;
using Analytics.Core.StepFunctions;

namespace Analytics.Aws.Tests.ModelDrift;

/// <summary>
/// What our code knows of the same model: the flatteners' event type catalogs and member tables (Analytics.Core) and
/// the client's model records (Analytics.Aws). Mutable sets, so a test can take one name out and watch the checker
/// notice.
/// </summary>
internal sealed class OurModel
{
    public required HashSet<string> SfnEventTypes { get; init; }

    /// <summary>HistoryEvent members: the four scalars and every *EventDetails object.</summary>
    public required HashSet<string> SfnEventMembers { get; init; }

    /// <summary>Members of the *EventDetails objects that have a typed home (others land in details_json).</summary>
    public required HashSet<string> SfnDetailMembers { get; init; }

    public required HashSet<string> DurableEventTypes { get; init; }

    /// <summary>Event members other than the <c>&lt;EventType&gt;Details</c> objects.</summary>
    public required HashSet<string> DurableEventMembers { get; init; }

    /// <summary>Members of the <c>*Details</c> objects.</summary>
    public required HashSet<string> DurableDetailMembers { get; init; }

    /// <summary>
    /// Members of structures nested in the details that the durable flattener reads by name
    /// (DurableHistoryFlattener.Details.cs), by model shape name.
    /// </summary>
    public required Dictionary<string, HashSet<string>> DurableNested { get; init; }

    /// <summary>The clients whose <c>&lt;Op&gt;Async</c> methods' request and response records the checker reflects over.</summary>
    public Type StepFunctionsClient { get; init; } = typeof(Analytics.Aws.StepFunctions.StepFunctionsClient);

    public Type LambdaClient { get; init; } = typeof(Analytics.Aws.Lambda.LambdaClient);

    public Type LogsClient { get; init; } = typeof(Analytics.Aws.Logs.LogsClient);

    public static OurModel Current()
    {
        HashSet<string> durableWrapper = ["Payload", "Truncated"];
        return new OurModel
        {
            SfnEventTypes = [.. HistoryEventTypes.Names],
            SfnEventMembers = Names(HistoryMembers.Event),
            SfnDetailMembers = Names(HistoryMembers.Detail),
            DurableEventTypes = [.. Enumerable.Range(0, Analytics.Core.Durable.DurableEventTypes.Count).Select(Analytics.Core.Durable.DurableEventTypes.Name)],
            DurableEventMembers = Names(DurableMembers.Event),
            DurableDetailMembers = Names(DurableMembers.Detail),
            DurableNested = new(StringComparer.Ordinal)
            {
                ["EventInput"] = durableWrapper,
                ["EventResult"] = durableWrapper,
                ["EventError"] = durableWrapper,
                ["EventPauseReason"] = durableWrapper, // durable_events.reason / truncated
                ["EventResumeReason"] = durableWrapper,
                ["ErrorObject"] = Names(DurableMembers.ErrorObject),
                ["RetryDetails"] = ["CurrentAttempt", "NextAttemptDelaySeconds"],
            },
        };
    }

    private static HashSet<string> Names(Utf8NameTable table) =>
        new(table.Entries.Select(e => Encoding.UTF8.GetString(e.Name)), StringComparer.Ordinal);
}
