using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Analytics.Aws.Tests.ModelDrift;

/// <summary>One thing the SDK model has and our code lacks. <see cref="Key"/> is stable (for the allow-lists).</summary>
internal sealed record Finding(string Key, string Message)
{
    public override string ToString() => $"{Key}: {Message}";
}

/// <summary>
/// Compares the SDK model (<see cref="SdkModel"/>) with what our flatteners and clients know (<see cref="OurModel"/>)
/// and names every event type, details member and request/response member we lack.
/// </summary>
internal static class ModelDriftChecker
{
    public static List<Finding> Check(SdkModel sdk, OurModel ours)
    {
        var findings = new List<Finding>();
        CheckStepFunctionsHistory(sdk.StepFunctions, ours, findings);
        CheckDurableHistory(sdk.Lambda, ours, findings);
        CheckClients(sdk.StepFunctions, "StepFunctions", AwsReadApis.StepFunctions, ours.StepFunctionsClient, findings);
        CheckClients(sdk.Lambda, "Lambda", AwsReadApis.Lambda, ours.LambdaClient, findings);
        CheckClients(sdk.Logs, "Logs", AwsReadApis.Logs, ours.LogsClient, findings);
        return findings;
    }

    private static void CheckStepFunctionsHistory(JsonObject model, OurModel ours, List<Finding> findings)
    {
        foreach (var type in SdkModel.Strings(model["eventTypes"]).Where(t => !ours.SfnEventTypes.Contains(t)))
        {
            findings.Add(new($"core.sfn.eventType:{type}", $"Step Functions HistoryEventType '{type}' is not in Analytics.Core HistoryEventTypes"));
        }
        foreach (var (member, node) in SdkModel.Members(model["event"]))
        {
            if (!ours.SfnEventMembers.Contains(member))
            {
                findings.Add(new($"core.sfn.eventMember:{member}", $"Step Functions HistoryEvent member '{member}' is not in HistoryMembers.Event"));
            }
            foreach (var (detail, _) in SdkModel.Members(node).Where(d => !ours.SfnDetailMembers.Contains(d.Name)))
            {
                findings.Add(new($"core.sfn.detail:{member}.{detail}",
                    $"Step Functions {member}.{detail} is not in HistoryMembers.Detail (it would land only in details_json)"));
            }
        }
    }

    private static void CheckDurableHistory(JsonObject model, OurModel ours, List<Finding> findings)
    {
        foreach (var type in SdkModel.Strings(model["eventTypes"]).Where(t => !ours.DurableEventTypes.Contains(t)))
        {
            findings.Add(new($"core.durable.eventType:{type}", $"Lambda durable EventType '{type}' is not in Analytics.Core DurableEventTypes"));
        }
        foreach (var (member, node) in SdkModel.Members(model["event"]))
        {
            if (SdkModel.Type(node) != "structure")
            {
                if (!ours.DurableEventMembers.Contains(member))
                {
                    findings.Add(new($"core.durable.eventMember:{member}", $"Lambda durable Event member '{member}' is not in DurableMembers.Event"));
                }
                continue;
            }
            if (!member.EndsWith("Details", StringComparison.Ordinal) || !ours.DurableEventTypes.Contains(member[..^"Details".Length]))
            {
                findings.Add(new($"core.durable.eventMember:{member}", $"Lambda durable Event member '{member}' is not the details object of a known event type"));
            }
            foreach (var (detail, detailNode) in SdkModel.Members(node))
            {
                if (!ours.DurableDetailMembers.Contains(detail))
                {
                    findings.Add(new($"core.durable.detail:{member}.{detail}",
                        $"Lambda durable {member}.{detail} is not in DurableMembers.Detail (it would land only in details_json)"));
                    continue;
                }
                CheckDurableNested(detailNode, $"{member}.{detail}", ours, findings);
            }
        }
    }

    /// <summary>Structures inside a details member: the flattener reads the members of these shapes by name.</summary>
    private static void CheckDurableNested(JsonObject node, string path, OurModel ours, List<Finding> findings)
    {
        if (SdkModel.Type(node) != "structure")
        {
            return;
        }
        var shape = SdkModel.Shape(node)!;
        if (!ours.DurableNested.TryGetValue(shape, out var known))
        {
            findings.Add(new($"core.durable.shape:{shape}", $"Lambda durable {path} is a {shape} structure the flattener does not read"));
            return;
        }
        foreach (var (member, child) in SdkModel.Members(node))
        {
            if (!known.Contains(member))
            {
                findings.Add(new($"core.durable.nested:{shape}.{member}", $"Lambda durable {path}.{member} ({shape}) is not read by the durable flattener"));
                continue;
            }
            CheckDurableNested(child, $"{path}.{member}", ours, findings);
        }
    }

    /// <summary>
    /// Each operation's input and output against the records the client method <c>&lt;Op&gt;Async</c> takes and
    /// returns (wire names: <see cref="JsonPropertyNameAttribute"/>, else the property name, case-insensitively).
    /// History operations return raw pages (<see cref="HistoryPage"/>): their events are checked against Core above;
    /// FilterLogEvents' raw page is read by <see cref="Analytics.Aws.Logs.LogEventEnumerator"/>.
    /// </summary>
    private static void CheckClients(JsonObject model, string service, IReadOnlyList<string> operations, Type client, List<Finding> findings)
    {
        foreach (var operation in operations)
        {
            var node = model["operations"]![operation];
            var method = client.GetMethod(operation + "Async");
            if (node is null || method is null)
            {
                findings.Add(new($"aws.{service}.{operation}", node is null
                    ? $"{service} {operation} is not in the SDK model any more"
                    : $"{client.Name} has no {operation}Async method"));
                continue;
            }
            CompareRecord(node["input"]!.AsObject(), method.GetParameters()[0].ParameterType, findings);
            var returned = method.ReturnType.GetGenericArguments().Single();
            if (returned != typeof(HistoryPage) && returned != typeof(Analytics.Aws.Logs.LogEventsPage))
            {
                CompareRecord(node["output"]!.AsObject(), returned, findings);
            }
        }
    }

    private static void CompareRecord(JsonObject shape, Type record, List<Finding> findings)
    {
        var properties = record.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .ToDictionary(p => p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? p.Name, StringComparer.OrdinalIgnoreCase);
        foreach (var (member, node) in SdkModel.Members(shape))
        {
            if (!properties.TryGetValue(member, out var property))
            {
                var key = $"aws.{SdkModel.Shape(shape)}.{member}";
                if (!findings.Exists(f => f.Key == key))
                {
                    findings.Add(new(key, $"{SdkModel.Shape(shape)}.{member} is not in the Analytics.Aws record {record.Name}"));
                }
                continue;
            }
            var (child, type) = Element(node, property.PropertyType);
            if (child is not null && type is not null && SdkModel.Type(child) == "structure" && type.IsClass && type != typeof(string))
            {
                CompareRecord(child, type, findings);
            }
        }
    }

    /// <summary>The structure behind a member and the record behind its property, through lists.</summary>
    private static (JsonObject? Node, Type? Type) Element(JsonObject node, Type type)
    {
        if (SdkModel.Type(node) == "list" && type.IsGenericType && type.GetGenericArguments() is [var item])
        {
            return (node["item"]!.AsObject(), item);
        }
        return SdkModel.Type(node) == "structure" ? (node, Nullable.GetUnderlyingType(type) ?? type) : (null, null);
    }
}
