using System.Text.Json;
using Analytics.Emulator.Simulation.Asl;
using Analytics.Emulator.World;

namespace Analytics.Emulator.Simulation.Sfn;

/// <summary>A state machine of the world, ready to simulate: its parsed definition, ARNs, traffic and models.</summary>
internal sealed class StateMachineModel
{
    public StateMachineModel(StateMachineSpec spec, int ordinal, WorldFile world, long seed, AslBlock definition)
    {
        Spec = spec;
        Ordinal = ordinal;
        Definition = definition;
        Key = SimRandom.HashString("sm:" + spec.Name);
        Arn = $"arn:aws:states:{world.Region}:{world.AccountId}:stateMachine:{spec.Name}";
        RoleArn = spec.RoleArn ?? $"arn:aws:iam::{world.AccountId}:role/service-role/StepFunctions-{spec.Name}-role";
        DefinitionJson = spec.Definition.ValueKind == JsonValueKind.String
            ? spec.Definition.GetString()!
            : JsonSerializer.Serialize(spec.Definition, s_indented);
        Input = spec.Input is { } input ? JsonSerializer.Serialize(input) : "{}";
        Schedule = new TrafficSchedule(spec.Traffic, world.Days, world.Now, world.Scale, seed, Key);
        DistributedMaps = [.. FindDistributedMaps(definition)];
    }

    private static readonly JsonSerializerOptions s_indented = new() { WriteIndented = true };

    public StateMachineSpec Spec { get; }

    public int Ordinal { get; }

    public ulong Key { get; }

    public string Name => Spec.Name;

    public string Arn { get; }

    public string RoleArn { get; }

    public string DefinitionJson { get; }

    public AslBlock Definition { get; }

    public string Input { get; }

    public TrafficSchedule Schedule { get; }

    public bool IsExpress => Spec.Type == "EXPRESS";

    /// <summary>The Distributed Map states anywhere in the definition (each is a child "state machine").</summary>
    public IReadOnlyList<AslState> DistributedMaps { get; }

    public static string LabelOf(AslState map) => map.Label ?? map.Name;

    public string ChildArn(AslState map) => $"{Arn}/{LabelOf(map)}";

    /// <summary>The outcome model of a state for an execution started at <paramref name="startMs"/> (variants apply).</summary>
    public OutcomeSpec? OutcomeFor(AslState state, long startMs)
    {
        for (var i = Spec.Variants.Count - 1; i >= 0; i--)
        {
            var variant = Spec.Variants[i];
            if (startMs >= variant.From.ToUnixTimeMilliseconds() && Lookup(variant.Outcomes, state) is { } v)
            {
                return v;
            }
        }
        return Lookup(Spec.Outcomes, state);
    }

    /// <summary>The compact JSON text of an outcome's Output (null when it has none), serialized once.</summary>
    public string? OutputJson(OutcomeSpec outcome) =>
        outcome.Output is { } output ? _outputs.GetOrAdd(outcome, _ => JsonSerializer.Serialize(output)) : null;

    private readonly System.Collections.Concurrent.ConcurrentDictionary<OutcomeSpec, string> _outputs = new(ReferenceEqualityComparer.Instance);

    private static OutcomeSpec? Lookup(Dictionary<string, OutcomeSpec> outcomes, AslState state) =>
        outcomes.TryGetValue(state.Name, out var byName) ? byName
        : state.Resource is not null && outcomes.TryGetValue(state.Resource, out var byResource) ? byResource
        : null;

    private static IEnumerable<AslState> FindDistributedMaps(AslBlock block)
    {
        foreach (var state in block.States.Values)
        {
            if (state.Type == "Map" && state.Distributed)
            {
                yield return state;
            }
            foreach (var child in state.Branches.Append(state.Processor).OfType<AslBlock>().SelectMany(FindDistributedMaps))
            {
                yield return child;
            }
        }
    }
}
