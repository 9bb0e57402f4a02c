using Analytics.Emulator.Http;
using Analytics.Emulator.World;

namespace Analytics.Emulator.Tests.Http.Support;

/// <summary>An emulator on a free loopback port serving <see cref="FixedWorld"/>, with a raw client for it.</summary>
internal sealed class EmulatorHost : IAsyncDisposable
{
    private EmulatorHost(EmulatorServer server, HttpClient http, FixedWorld world, WireClient client)
    {
        Server = server;
        Http = http;
        World = world;
        Client = client;
    }

    public EmulatorServer Server { get; }

    public HttpClient Http { get; }

    public FixedWorld World { get; }

    public WireClient Client { get; }

    public static async Task<EmulatorHost> StartAsync(EmulatorOptions? options = null, (string, string)? signWith = null)
    {
        var world = new FixedWorld();
        var server = await EmulatorServer.StartAsync(world, options ?? new EmulatorOptions());
        var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(1) })
        {
            Timeout = TimeSpan.FromSeconds(30),
        };
        return new EmulatorHost(server, http, world, new WireClient(http, server.Url, signWith));
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
    }
}
