using System.Security.Cryptography;
using Analytics.Emulator.Simulation.Truth;
using Analytics.Emulator.World;

namespace Analytics.Emulator.Tests.Simulation;

public sealed class DeterminismTests
{
    private static string Fingerprint(SimulatedWorld world)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using (var truth = new MemoryStream())
        {
            WorldTruth.WriteJson(WorldTruth.Compute(world, CancellationToken.None), truth);
            hash.AppendData(truth.ToArray());
        }
        foreach (var sm in world.StateMachines)
        {
            var list = world.ListExecutions(sm.StateMachineArn);
            for (var k = 0; k < list.Count; k += 37)
            {
                var execution = list[k];
                hash.AppendData(System.Text.Encoding.UTF8.GetBytes(execution.ToString()));
                using var history = SimHarness.HistoryJson(world.GetExecutionHistory(execution.ExecutionArn)!);
                hash.AppendData(System.Text.Encoding.UTF8.GetBytes(history.RootElement.GetRawText()));
            }
        }
        var durable = world.ListDurableExecutions("kyc-verification");
        for (var k = 0; k < durable.Count; k += 11)
        {
            using var history = SimHarness.HistoryJson(world.GetDurableExecutionHistory(durable[k].DurableExecutionArn)!);
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes(history.RootElement.GetRawText()));
        }
        return Convert.ToHexString(hash.GetHashAndReset());
    }

    [Fact]
    public void Same_world_and_seed_give_identical_bytes()
    {
        var first = Fingerprint(WorldLoader.Load(TestPaths.DefaultWorld, seed: 42));
        var second = Fingerprint(WorldLoader.Load(TestPaths.DefaultWorld, seed: 42));
        Assert.Equal(first, second);
    }

    [Fact]
    public void A_different_seed_gives_a_different_world()
    {
        var first = Fingerprint(WorldLoader.Load(TestPaths.DefaultWorld, seed: 42));
        var other = Fingerprint(WorldLoader.Load(TestPaths.DefaultWorld, seed: 43));
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void An_execution_regenerates_identically_alone_and_out_of_order()
    {
        var world = WorldLoader.Load(TestPaths.DefaultWorld, seed: 5);
        var arn = world.ListExecutions(world.StateMachines[0].StateMachineArn)[123].ExecutionArn;
        using var alone = SimHarness.HistoryJson(WorldLoader.Load(TestPaths.DefaultWorld, seed: 5).GetExecutionHistory(arn)!);
        for (var k = 0; k < 50; k++)
        {
            _ = world.ListExecutions(world.StateMachines[0].StateMachineArn)[k].Status;
        }
        using var afterOthers = SimHarness.HistoryJson(world.GetExecutionHistory(arn)!);
        Assert.Equal(alone.RootElement.GetRawText(), afterOthers.RootElement.GetRawText());
    }
}
