using Analytics.Aws.Credentials;
using Analytics.Aws.Diagnostics;
using Analytics.Aws.Retry;
using Analytics.Emulator.Http;
using Analytics.Emulator.World;

namespace Analytics.Aws.Tests.Emulator;

/// <summary>An emulator on a free loopback port and an <see cref="AwsClientFactory"/> pointed at it.</summary>
internal sealed class EmulatorSession : IAsyncDisposable
{
    private EmulatorSession(EmulatorServer server, AwsClientFactory clients, SimulatedWorld world, AttemptRecorder recorder, AwsCallCounters counters)
    {
        Server = server;
        Clients = clients;
        World = world;
        Recorder = recorder;
        Counters = counters;
    }

    public EmulatorServer Server { get; }

    public AwsClientFactory Clients { get; }

    public SimulatedWorld World { get; }

    public AttemptRecorder Recorder { get; }

    public AwsCallCounters Counters { get; }

    public static async Task<EmulatorSession> StartAsync(
        SimulatedWorld world,
        EmulatorOptions? options = null,
        RetryOptions? retry = null,
        AwsCredentials? credentials = null,
        RateLimitMode rateLimits = RateLimitMode.None,
        TimeProvider? clientTime = null)
    {
        var server = await EmulatorServer.StartAsync(world, options ?? new EmulatorOptions());
        var recorder = new AttemptRecorder();
        var counters = new AwsCallCounters();
        var clients = new AwsClientFactory(
            new AwsClientOptions
            {
                Region = world.Region,
                EndpointUrl = server.Url,
                RateLimits = rateLimits,
                Retry = retry ?? new RetryOptions(),
            },
            new StaticCredentialsProvider(credentials ?? new AwsCredentials("AKIDEMULATOR", "emulator-secret", null)),
            counters,
            time: clientTime,
            transport: recorder);
        return new EmulatorSession(server, clients, world, recorder, counters);
    }

    public async ValueTask DisposeAsync()
    {
        Clients.Dispose();
        Recorder.Dispose();
        await Server.DisposeAsync();
    }
}
