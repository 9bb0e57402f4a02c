using System.Text.RegularExpressions;
using Analytics.Emulator.Simulation.Asl;

namespace Analytics.Emulator.World;

/// <summary>Checks a deserialized world file and parses its definitions; every error names the JSON path.</summary>
internal static partial class WorldValidator
{
    [GeneratedRegex("^[A-Za-z0-9_-]{1,80}$")]
    private static partial Regex NamePattern();

    [GeneratedRegex("^[0-9]{12}$")]
    private static partial Regex AccountPattern();

    private static readonly HashSet<string> s_durableOps = ["step", "wait", "callback", "childContext", "parallel", "map", "invoke"];

    public static AslBlock[] Validate(WorldFile file, string source)
    {
        var errors = new List<string>();
        void Check(bool ok, string path, string what)
        {
            if (!ok)
            {
                errors.Add($"{path}: {what}");
            }
        }

        Check(!string.IsNullOrWhiteSpace(file.Region), "$.region", "must be a region name such as us-east-1");
        Check(AccountPattern().IsMatch(file.AccountId ?? ""), "$.accountId", "must be 12 digits");
        Check(file.Now != default, "$.now", "is required (an ISO-8601 instant such as 2026-11-20T09:00:00Z)");
        Check(file.Days is >= 1 and <= 400, "$.days", "must be between 1 and 400");
        Check(file.Scale > 0, "$.scale", "must be greater than 0");
        Check(file.StateMachines.Count + file.DurableFunctions.Count > 0, "$", "describes no state machine and no durable function");

        var definitions = new AslBlock[file.StateMachines.Count];
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < file.StateMachines.Count; i++)
        {
            var sm = file.StateMachines[i];
            var path = $"$.stateMachines[{i}]";
            Check(NamePattern().IsMatch(sm.Name ?? ""), $"{path}.name", "must be 1-80 letters, digits, '-' or '_'");
            Check(names.Add(sm.Name ?? ""), $"{path}.name", $"'{sm.Name}' is used twice");
            Check(sm.Type is "STANDARD" or "EXPRESS", $"{path}.type", "must be STANDARD or EXPRESS");
            CheckTraffic(sm.Traffic, $"{path}.traffic", Check);
            CheckLogging(sm.Logging, $"{path}.logging", Check);
            Check(sm.AbortProbability is >= 0 and <= 1, $"{path}.abortProbability", "must be between 0 and 1");
            if (sm.Redrive is { } redrive)
            {
                Check(redrive.Probability is >= 0 and <= 1, $"{path}.redrive.probability", "must be between 0 and 1");
                CheckLatency(redrive.Delay, $"{path}.redrive.delay", Check);
            }
            try
            {
                definitions[i] = WorldLoader.ParseDefinition(sm.Definition, $"{path}.definition");
            }
            catch (AslException e)
            {
                errors.Add(e.Message);
                continue;
            }
            var states = AllStates(definitions[i]).ToList();
            CheckOutcomes(sm.Outcomes, states, $"{path}.outcomes", Check);
            for (var v = 0; v < sm.Variants.Count; v++)
            {
                Check(sm.Variants[v].From != default, $"{path}.variants[{v}].from", "is required");
                CheckOutcomes(sm.Variants[v].Outcomes, states, $"{path}.variants[{v}].outcomes", Check);
            }
            foreach (var (state, weights) in sm.Choices)
            {
                var choice = states.FirstOrDefault(s => s.Name == state && s.Type == "Choice");
                Check(choice is not null, $"{path}.choices.{state}", "is not a Choice state of the definition");
                if (choice is not null)
                {
                    var expected = choice.ChoiceNexts.Count + (choice.Default is null ? 0 : 1);
                    Check(weights.Length == expected && weights.All(w => w >= 0) && weights.Sum() > 0, $"{path}.choices.{state}",
                        $"needs {expected} non-negative weights (one per rule, then Default), not all zero");
                }
            }
            foreach (var (state, range) in sm.MapItems)
            {
                Check(states.Any(s => s.Name == state && s.Type == "Map"), $"{path}.mapItems.{state}", "is not a Map state of the definition");
                Check(range.Min >= 0 && range.Max >= range.Min && range.Max <= 100_000, $"{path}.mapItems.{state}", "needs 0 <= min <= max <= 100000");
            }
            foreach (var (state, latency) in sm.Waits)
            {
                Check(states.Any(s => s.Name == state && s.Type == "Wait"), $"{path}.waits.{state}", "is not a Wait state of the definition");
                CheckLatency(latency, $"{path}.waits.{state}", Check);
            }
        }

        var functionNames = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < file.Functions.Count; i++)
        {
            var f = file.Functions[i];
            var path = $"$.functions[{i}]";
            Check(NamePattern().IsMatch(f.Name ?? "") && f.Name!.Length <= 64, $"{path}.name", "must be 1-64 letters, digits, '-' or '_'");
            Check(functionNames.Add(f.Name ?? ""), $"{path}.name", $"'{f.Name}' is used twice");
            Check(f.MemorySize is >= 128 and <= 10_240, $"{path}.memorySize", "must be between 128 and 10240");
            Check(f.Timeout is >= 1 and <= 900, $"{path}.timeout", "must be between 1 and 900 seconds");
            foreach (var (alias, version) in f.Aliases)
            {
                Check(f.Versions.Contains(version), $"{path}.aliases.{alias}", $"points at version '{version}', which is not in versions");
            }
            CheckInvokeConfigs(f.EventInvokeConfigs, q => q == "$LATEST" || f.Versions.Contains(q) || f.Aliases.ContainsKey(q), path, Check);
        }
        var durableNames = file.DurableFunctions.Select(d => d.Name).ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < file.DurableFunctions.Count; i++)
        {
            var d = file.DurableFunctions[i];
            var path = $"$.durableFunctions[{i}]";
            Check(NamePattern().IsMatch(d.Name ?? "") && d.Name!.Length <= 64, $"{path}.name", "must be 1-64 letters, digits, '-' or '_'");
            Check(functionNames.Add(d.Name ?? ""), $"{path}.name", $"'{d.Name}' is used twice (names are shared with functions)");
            Check(d.RetentionPeriodInDays is >= 1 and <= 90, $"{path}.retentionPeriodInDays", "must be between 1 and 90");
            Check(d.ExecutionTimeout is >= 1 and <= 31_622_400, $"{path}.executionTimeout", "must be between 1 and 31622400 seconds");
            Check(d.StopProbability is >= 0 and <= 1, $"{path}.stopProbability", "must be between 0 and 1");
            if (d.Pause is { } pause)
            {
                Check(pause.Probability is >= 0 and <= 1, $"{path}.pause.probability", "must be between 0 and 1");
                CheckLatency(pause.Duration, $"{path}.pause.duration", Check);
            }
            Check(d.Program.Count > 0, $"{path}.program", "must list at least one operation");
            CheckTraffic(d.Traffic, $"{path}.traffic", Check);
            CheckProgram(d.Program, $"{path}.program", durableNames, Check);
            CheckInvokeConfigs(d.EventInvokeConfigs, q => q is "$LATEST" || q == d.Version, path, Check);
        }
        if (errors.Count > 0)
        {
            throw new WorldFileException($"{source}: invalid world file:\n  " + string.Join("\n  ", errors));
        }
        return definitions;
    }

    private static void CheckTraffic(TrafficSpec traffic, string path, Action<bool, string, string> check)
    {
        check(traffic.PerDay >= 0, $"{path}.perDay", "must be >= 0");
        check(traffic.DailyProfile is null || traffic.DailyProfile.All(x => x >= 0), $"{path}.dailyProfile", "must hold non-negative multipliers");
        check(traffic.HourlyProfile is null || (traffic.HourlyProfile.Length == 24 && traffic.HourlyProfile.All(x => x >= 0) && traffic.HourlyProfile.Sum() > 0),
            $"{path}.hourlyProfile", "must hold 24 non-negative weights, not all zero");
    }

    private static void CheckOutcomes(Dictionary<string, OutcomeSpec> outcomes, List<AslState> states, string path, Action<bool, string, string> check)
    {
        foreach (var (key, outcome) in outcomes)
        {
            var p = $"{path}.{key}";
            check(states.Any(s => s.Type == "Task" && (s.Name == key || s.Resource == key)), p, "names no Task state and no Task resource of the definition");
            check(outcome.Failures.Values.All(x => x >= 0) && outcome.Failures.Values.Sum() <= 1, $"{p}.failures", "probabilities must be >= 0 and add up to at most 1");
            check(outcome.Persistent.All(outcome.Failures.ContainsKey), $"{p}.persistent", "must name errors listed in failures");
            check(outcome.TimeoutProbability is >= 0 and <= 1, $"{p}.timeoutProbability", "must be between 0 and 1");
            check(outcome.HeartbeatMissProbability is >= 0 and <= 1, $"{p}.heartbeatMissProbability", "must be between 0 and 1");
            CheckLatency(outcome.Latency, $"{p}.latency", check);
            CheckLatency(outcome.Queue, $"{p}.queue", check);
        }
    }

    private static void CheckLatency(LatencySpec? latency, string path, Action<bool, string, string> check)
    {
        if (latency is null)
        {
            return;
        }
        var forms = (latency.FixedMs is null ? 0 : 1) + (latency.MinMs is null && latency.MaxMs is null ? 0 : 1) + (latency.MedianMs is null && latency.P99Ms is null ? 0 : 1);
        check(forms == 1, path, "give exactly one of fixedMs, minMs+maxMs, or medianMs (+ optional p99Ms)");
        check(latency.FixedMs is null or >= 0, $"{path}.fixedMs", "must be >= 0");
        check((latency.MinMs is null && latency.MaxMs is null) || (latency.MinMs >= 0 && latency.MaxMs >= latency.MinMs), path, "needs 0 <= minMs <= maxMs");
        check(latency.MedianMs is null or > 0, $"{path}.medianMs", "must be > 0");
        check(latency.P99Ms is null || (latency.MedianMs is not null && latency.P99Ms >= latency.MedianMs), $"{path}.p99Ms", "must be >= medianMs");
    }

    private static void CheckInvokeConfigs(List<EventInvokeConfigSpec> configs, Func<string, bool> knownQualifier, string path, Action<bool, string, string> check)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var c = 0; c < configs.Count; c++)
        {
            var config = configs[c];
            var p = $"{path}.eventInvokeConfigs[{c}]";
            check(knownQualifier(config.Qualifier), $"{p}.qualifier", $"'{config.Qualifier}' is not $LATEST, a version or an alias of the function");
            check(seen.Add(config.Qualifier), $"{p}.qualifier", $"'{config.Qualifier}' has two configs");
            check(config.MaximumRetryAttempts is null or (>= 0 and <= 2), $"{p}.maximumRetryAttempts", "must be 0, 1 or 2");
            check(config.MaximumEventAgeInSeconds is null or (>= 60 and <= 21_600), $"{p}.maximumEventAgeInSeconds", "must be between 60 and 21600");
        }
    }

    private static void CheckProgram(List<DurableOpSpec> program, string path, HashSet<string> durableNames, Action<bool, string, string> check)
    {
        for (var i = 0; i < program.Count; i++)
        {
            var op = program[i];
            var p = $"{path}[{i}]";
            check(s_durableOps.Contains(op.Type), $"{p}.type", $"'{op.Type}' is not one of {string.Join(", ", s_durableOps)}");
            check(op.Failures.Values.All(x => x >= 0) && op.Failures.Values.Sum() <= 1, $"{p}.failures", "probabilities must be >= 0 and add up to at most 1");
            check(op.FailProbability + op.TimeoutProbability is >= 0 and <= 1 && op.FailProbability >= 0 && op.TimeoutProbability >= 0,
                p, "failProbability + timeoutProbability must be between 0 and 1");
            CheckLatency(op.Latency, $"{p}.latency", check);
            switch (op.Type)
            {
                case "wait":
                    check(op.Seconds >= 1, $"{p}.seconds", "must be at least 1");
                    break;
                case "invoke":
                    check(op.Function is not null && durableNames.Contains(op.Function), $"{p}.function", "must name a durable function of the world");
                    break;
                case "step" when op.Retry is { } retry:
                    check(retry.MaxAttempts is >= 1 and <= 100, $"{p}.retry.maxAttempts", "must be between 1 and 100");
                    check(retry.InitialDelaySeconds >= 0 && retry.BackoffRate >= 1 && retry.MaxDelaySeconds >= 0, $"{p}.retry", "needs initialDelaySeconds >= 0, backoffRate >= 1, maxDelaySeconds >= 0");
                    break;
                case "childContext":
                    check(op.Program.Count > 0, $"{p}.program", "must list at least one operation");
                    CheckProgram(op.Program, $"{p}.program", durableNames, check);
                    break;
                case "map":
                    check(op.Program.Count > 0, $"{p}.program", "must list at least one operation");
                    check(op.Items is null || (op.Items.Min >= 0 && op.Items.Max >= op.Items.Min && op.Items.Max <= 1_000), $"{p}.items", "needs 0 <= min <= max <= 1000");
                    CheckProgram(op.Program, $"{p}.program", durableNames, check);
                    break;
                case "parallel":
                    check(op.Branches.Count > 0, $"{p}.branches", "must list at least one branch");
                    for (var b = 0; b < op.Branches.Count; b++)
                    {
                        CheckProgram(op.Branches[b], $"{p}.branches[{b}]", durableNames, check);
                    }
                    break;
            }
        }
    }

    internal static IEnumerable<AslState> AllStates(AslBlock block)
    {
        foreach (var state in block.States.Values)
        {
            yield return state;
            foreach (var nested in state.Branches.Append(state.Processor).OfType<AslBlock>().SelectMany(AllStates))
            {
                yield return nested;
            }
        }
    }
}
