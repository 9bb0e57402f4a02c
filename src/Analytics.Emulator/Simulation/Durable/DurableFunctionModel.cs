using System.Text.Json;
using Analytics.Emulator.World;

namespace Analytics.Emulator.Simulation.Durable;

/// <summary>A durable function of the world, ready to simulate.</summary>
internal sealed class DurableFunctionModel
{
    public DurableFunctionModel(DurableFunctionSpec spec, int ordinal, WorldFile world, long seed)
    {
        Spec = spec;
        Ordinal = ordinal;
        Key = SimRandom.HashString("durable:" + spec.Name);
        FunctionArn = $"arn:aws:lambda:{world.Region}:{world.AccountId}:function:{spec.Name}";
        Input = spec.Input is { } input ? JsonSerializer.Serialize(input) : "{}";
        Schedule = new TrafficSchedule(spec.Traffic, world.Days, world.Now, world.Scale, seed, Key);
    }

    public DurableFunctionSpec Spec { get; }

    public int Ordinal { get; }

    public ulong Key { get; }

    public string Name => Spec.Name;

    public string FunctionArn { get; }

    public string Input { get; }

    public TrafficSchedule Schedule { get; }
}

/// <summary>All durable functions of a world, by name.</summary>
internal sealed class DurableModels(IReadOnlyList<DurableFunctionModel> all)
{
    public IReadOnlyList<DurableFunctionModel> All { get; } = all;

    public DurableFunctionModel? Find(string name) => All.FirstOrDefault(m => m.Name == name);
}
