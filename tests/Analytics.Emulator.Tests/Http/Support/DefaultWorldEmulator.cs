using Analytics.Emulator.Http;
using Analytics.Emulator.World;

namespace Analytics.Emulator.Tests.Http.Support;

/// <summary>The simulator's default world (sample-data/worlds/default.json, seed 42) served on loopback.</summary>
public sealed class DefaultWorldEmulator : IAsyncLifetime
{
    public const long Seed = 42;

    private EmulatorServer? _server;
    private HttpClient? _http;

    internal SimulatedWorld World { get; private set; } = null!;

    internal WireClient Client { get; private set; } = null!;

    internal EmulatorServer Server => _server!;

    public async Task InitializeAsync()
    {
        World = WorldLoader.Load(TestPaths.DefaultWorld, Seed);
        _server = await EmulatorServer.StartAsync(World, new EmulatorOptions());
        _http = new HttpClient { Timeout = TimeSpan.FromMinutes(1) };
        Client = new WireClient(_http, _server.Url);
    }

    public async Task DisposeAsync()
    {
        _http?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
