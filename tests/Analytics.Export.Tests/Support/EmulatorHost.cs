using Analytics.Emulator.Http;
using Analytics.Emulator.World;

namespace Analytics.Export.Tests.Support;

/// <summary>The emulator over real HTTP on a free loopback port.</summary>
internal static class EmulatorHost
{
    public static Task<EmulatorServer> StartAsync(IWorld world, EmulatorOptions? options = null) =>
        EmulatorServer.StartAsync(world, options ?? new EmulatorOptions { Port = 0 });
}
