using System.Text;
using System.Text.Json;
using Analytics.Emulator.World;

namespace Analytics.Emulator.Tests.Simulation;

public sealed class SmokeTests
{
    [Fact]
    public void Default_world_loads_and_serves_histories()
    {
        var world = WorldLoader.Load(TestPaths.DefaultWorld, seed: 42);
        var total = 0;
        foreach (var sm in world.StateMachines)
        {
            var list = world.ListExecutions(sm.StateMachineArn);
            total += list.Count;
            Console.WriteLine($"{sm.Name} {sm.Type} {list.Count}");
            if (list.Count == 0)
            {
                continue;
            }
            var e = list[0];
            var h = world.GetExecutionHistory(e.ExecutionArn)!;
            using var ms = new MemoryStream();
            using (var w = new Utf8JsonWriter(ms))
            {
                w.WriteStartArray();
                h.WriteItems(w, 0, h.Count, false, true);
                w.WriteEndArray();
            }
            Console.WriteLine(Encoding.UTF8.GetString(ms.ToArray())[..Math.Min(600, (int)ms.Length)]);
        }
        Assert.True(total > 1000);
    }
}
