using System.Text.Json;

namespace Analytics.Emulator.Simulation.Asl;

/// <summary>Reads the parts of an ASL definition the simulator interprets, with errors that name the JSON path.</summary>
internal static class AslParser
{
    private static readonly HashSet<string> s_stateTypes = ["Task", "Pass", "Choice", "Wait", "Succeed", "Fail", "Parallel", "Map"];

    public static AslBlock Parse(JsonElement definition, string path, bool allowDistributedMap = true)
    {
        if (definition.ValueKind != JsonValueKind.Object)
        {
            throw new AslException($"{path}: the definition must be a JSON object");
        }
        return ParseBlock(definition, path, allowDistributedMap);
    }

    private static AslBlock ParseBlock(JsonElement block, string path, bool allowDistributedMap)
    {
        var startAt = RequiredString(block, "StartAt", path);
        if (!block.TryGetProperty("States", out var states) || states.ValueKind != JsonValueKind.Object)
        {
            throw new AslException($"{path}.States: missing or not an object");
        }
        var parsed = new Dictionary<string, AslState>(StringComparer.Ordinal);
        foreach (var property in states.EnumerateObject())
        {
            parsed[property.Name] = ParseState(property.Name, property.Value, $"{path}.States.{property.Name}", allowDistributedMap);
        }
        if (!parsed.ContainsKey(startAt))
        {
            throw new AslException($"{path}.StartAt: state '{startAt}' does not exist");
        }
        foreach (var state in parsed.Values)
        {
            var statePath = $"{path}.States.{state.Name}";
            CheckTarget(parsed, state.Next, $"{statePath}.Next");
            CheckTarget(parsed, state.Default, $"{statePath}.Default");
            foreach (var next in state.ChoiceNexts)
            {
                CheckTarget(parsed, next, $"{statePath}.Choices");
            }
            foreach (var catcher in state.Catch)
            {
                CheckTarget(parsed, catcher.Next, $"{statePath}.Catch");
            }
        }
        return new AslBlock
        {
            StartAt = startAt,
            States = parsed,
            TimeoutSeconds = OptionalInt(block, "TimeoutSeconds", path),
        };
    }

    private static void CheckTarget(Dictionary<string, AslState> states, string? target, string path)
    {
        if (target is not null && !states.ContainsKey(target))
        {
            throw new AslException($"{path}: state '{target}' does not exist");
        }
    }

    private static AslState ParseState(string name, JsonElement s, string path, bool allowDistributedMap)
    {
        if (s.ValueKind != JsonValueKind.Object)
        {
            throw new AslException($"{path}: a state must be a JSON object");
        }
        var type = RequiredString(s, "Type", path);
        if (!s_stateTypes.Contains(type))
        {
            throw new AslException($"{path}.Type: unknown state type '{type}'");
        }
        var next = OptionalString(s, "Next", path);
        var end = s.TryGetProperty("End", out var endElement) && endElement.ValueKind == JsonValueKind.True;
        var terminal = type is "Succeed" or "Fail";
        if (type != "Choice" && !terminal && next is null && !end)
        {
            throw new AslException($"{path}: needs Next or \"End\": true");
        }
        return type switch
        {
            "Task" => ParseTask(name, s, path, next, end),
            "Choice" => ParseChoice(name, s, path),
            "Wait" => new AslState { Name = name, Type = type, Next = next, End = end, Seconds = OptionalInt(s, "Seconds", path) },
            "Fail" => new AslState { Name = name, Type = type, Error = OptionalString(s, "Error", path), Cause = OptionalString(s, "Cause", path) },
            "Parallel" => ParseParallel(name, s, path, next, end, allowDistributedMap),
            "Map" => ParseMap(name, s, path, next, end, allowDistributedMap),
            _ => new AslState { Name = name, Type = type, Next = next, End = end },
        };
    }

    private static AslState ParseTask(string name, JsonElement s, string path, string? next, bool end)
    {
        var resource = RequiredString(s, "Resource", path);
        var parameters = s.TryGetProperty("Parameters", out var p) || s.TryGetProperty("Arguments", out p) ? p.GetRawText() : "{}";
        var (kind, serviceType, serviceResource, submits) = ClassifyResource(resource, $"{path}.Resource");
        return new AslState
        {
            Name = name,
            Type = "Task",
            Next = next,
            End = end,
            Resource = resource,
            Kind = kind,
            ServiceType = serviceType,
            ServiceResource = serviceResource,
            Submits = submits,
            TimeoutSeconds = OptionalInt(s, "TimeoutSeconds", path),
            HeartbeatSeconds = OptionalInt(s, "HeartbeatSeconds", path),
            ParametersJson = Compact(parameters),
            Retry = ParseRetry(s, path),
            Catch = ParseCatch(s, path),
        };
    }

    /// <summary>Tells Lambda, service-integration and activity resources apart, as Step Functions does.</summary>
    internal static (TaskKind Kind, string? ServiceType, string? ServiceResource, bool Submits) ClassifyResource(string resource, string path)
    {
        var parts = resource.Split(':');
        if (parts.Length >= 7 && parts[0] == "arn" && parts[2] == "lambda" && parts[5] == "function")
        {
            return (TaskKind.LegacyLambda, null, null, false);
        }
        if (parts.Length >= 7 && parts[0] == "arn" && parts[2] == "states" && parts[5] == "activity")
        {
            return (TaskKind.Activity, null, null, false);
        }
        const string servicePrefix = "arn:aws:states:::";
        if (resource.StartsWith(servicePrefix, StringComparison.Ordinal))
        {
            var rest = resource[servicePrefix.Length..];
            var colon = rest.LastIndexOf(':');
            if (colon > 0 && colon < rest.Length - 1)
            {
                var api = rest[(colon + 1)..];
                var submits = api.EndsWith(".sync", StringComparison.Ordinal) || api.EndsWith(".sync:2", StringComparison.Ordinal)
                    || api.EndsWith(".waitForTaskToken", StringComparison.Ordinal);
                return (TaskKind.Service, rest[..colon], api, submits);
            }
        }
        throw new AslException($"{path}: unsupported Task resource '{resource}' (expected a Lambda function ARN, "
            + "an activity ARN or arn:aws:states:::<service>:<api>)");
    }

    private static AslState ParseChoice(string name, JsonElement s, string path)
    {
        if (!s.TryGetProperty("Choices", out var choices) || choices.ValueKind != JsonValueKind.Array || choices.GetArrayLength() == 0)
        {
            throw new AslException($"{path}.Choices: missing or empty");
        }
        var nexts = new List<string>();
        var i = 0;
        foreach (var rule in choices.EnumerateArray())
        {
            nexts.Add(RequiredString(rule, "Next", $"{path}.Choices[{i++}]"));
        }
        return new AslState { Name = name, Type = "Choice", ChoiceNexts = nexts, Default = OptionalString(s, "Default", path) };
    }

    private static AslState ParseParallel(string name, JsonElement s, string path, string? next, bool end, bool allowDistributedMap)
    {
        if (!s.TryGetProperty("Branches", out var branches) || branches.ValueKind != JsonValueKind.Array || branches.GetArrayLength() == 0)
        {
            throw new AslException($"{path}.Branches: missing or empty");
        }
        var parsed = new List<AslBlock>();
        var i = 0;
        foreach (var branch in branches.EnumerateArray())
        {
            parsed.Add(ParseBlock(branch, $"{path}.Branches[{i++}]", allowDistributedMap));
        }
        return new AslState
        {
            Name = name,
            Type = "Parallel",
            Next = next,
            End = end,
            Branches = parsed,
            Retry = ParseRetry(s, path),
            Catch = ParseCatch(s, path),
        };
    }

    private static AslState ParseMap(string name, JsonElement s, string path, string? next, bool end, bool allowDistributedMap)
    {
        var processorName = s.TryGetProperty("ItemProcessor", out var processor) ? "ItemProcessor" : "Iterator";
        if (processorName == "Iterator" && !s.TryGetProperty("Iterator", out processor))
        {
            throw new AslException($"{path}: a Map state needs ItemProcessor (or the legacy Iterator)");
        }
        var distributed = false;
        var executionType = "STANDARD";
        if (processor.ValueKind == JsonValueKind.Object && processor.TryGetProperty("ProcessorConfig", out var config)
            && config.ValueKind == JsonValueKind.Object)
        {
            distributed = OptionalString(config, "Mode", $"{path}.ItemProcessor.ProcessorConfig") == "DISTRIBUTED";
            executionType = OptionalString(config, "ExecutionType", $"{path}.ItemProcessor.ProcessorConfig") ?? "STANDARD";
            if (executionType is not ("STANDARD" or "EXPRESS"))
            {
                throw new AslException($"{path}.ItemProcessor.ProcessorConfig.ExecutionType: must be STANDARD or EXPRESS");
            }
        }
        if (distributed && !allowDistributedMap)
        {
            throw new AslException($"{path}: a Distributed Map inside a Distributed Map child is not simulated");
        }
        var block = ParseBlock(processor, $"{path}.{processorName}", allowDistributedMap: !distributed && allowDistributedMap);
        return new AslState
        {
            Name = name,
            Type = "Map",
            Next = next,
            End = end,
            Processor = block,
            Distributed = distributed,
            ChildExecutionType = executionType,
            Label = OptionalString(s, "Label", path),
            MaxConcurrency = OptionalInt(s, "MaxConcurrency", path) ?? 0,
            ToleratedFailurePercentage = s.TryGetProperty("ToleratedFailurePercentage", out var tp) && tp.ValueKind == JsonValueKind.Number ? tp.GetDouble() : null,
            ToleratedFailureCount = OptionalInt(s, "ToleratedFailureCount", path),
            Retry = ParseRetry(s, path),
            Catch = ParseCatch(s, path),
        };
    }

    private static List<AslRetrier> ParseRetry(JsonElement s, string path)
    {
        var result = new List<AslRetrier>();
        if (!s.TryGetProperty("Retry", out var retry))
        {
            return result;
        }
        var i = 0;
        foreach (var r in retry.EnumerateArray())
        {
            var rPath = $"{path}.Retry[{i++}]";
            result.Add(new AslRetrier
            {
                ErrorEquals = ErrorEquals(r, rPath),
                IntervalSeconds = r.TryGetProperty("IntervalSeconds", out var iv) ? iv.GetDouble() : 1,
                MaxAttempts = OptionalInt(r, "MaxAttempts", rPath) ?? 3,
                BackoffRate = r.TryGetProperty("BackoffRate", out var br) ? br.GetDouble() : 2,
                MaxDelaySeconds = r.TryGetProperty("MaxDelaySeconds", out var md) ? md.GetDouble() : null,
                FullJitter = OptionalString(r, "JitterStrategy", rPath) == "FULL",
            });
        }
        return result;
    }

    private static List<AslCatcher> ParseCatch(JsonElement s, string path)
    {
        var result = new List<AslCatcher>();
        if (!s.TryGetProperty("Catch", out var c))
        {
            return result;
        }
        var i = 0;
        foreach (var r in c.EnumerateArray())
        {
            var cPath = $"{path}.Catch[{i++}]";
            result.Add(new AslCatcher { ErrorEquals = ErrorEquals(r, cPath), Next = RequiredString(r, "Next", cPath) });
        }
        return result;
    }

    private static List<string> ErrorEquals(JsonElement r, string path)
    {
        if (!r.TryGetProperty("ErrorEquals", out var e) || e.ValueKind != JsonValueKind.Array)
        {
            throw new AslException($"{path}.ErrorEquals: missing or not an array");
        }
        return [.. e.EnumerateArray().Select(x => x.GetString() ?? "")];
    }

    private static string RequiredString(JsonElement e, string name, string path) =>
        OptionalString(e, name, path) ?? throw new AslException($"{path}.{name}: missing");

    private static string? OptionalString(JsonElement e, string name, string path)
    {
        if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(name, out var v))
        {
            return null;
        }
        return v.ValueKind == JsonValueKind.String ? v.GetString() : throw new AslException($"{path}.{name}: must be a string");
    }

    private static int? OptionalInt(JsonElement e, string name, string path)
    {
        if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(name, out var v))
        {
            return null;
        }
        return v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var i) ? i : throw new AslException($"{path}.{name}: must be an integer");
    }

    private static string Compact(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return JsonSerializer.Serialize(doc.RootElement);
    }
}

/// <summary>A definition the simulator cannot interpret; the message starts with the JSON path.</summary>
public sealed class AslException(string message) : Exception(message);
