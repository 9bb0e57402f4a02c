using System.Net;
using Analytics.Emulator.World;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Analytics.Emulator.Http;

/// <summary>
/// The local AWS endpoint: Kestrel serving one <see cref="IWorld"/> over the Step Functions (awsJson1_0, `POST /`)
/// and Lambda (restJson1, versioned paths) protocols on the same port. Start it, point an SDK's endpoint at
/// <see cref="Url"/>, dispose it to stop.
/// </summary>
public sealed class EmulatorServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private EmulatorServer(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    /// <summary>The bound address, e.g. `http://127.0.0.1:49731/` (the real port when started with port 0).</summary>
    public Uri Url { get; }

    public static Task<EmulatorServer> StartAsync(IWorld world, EmulatorOptions options, CancellationToken ct = default) =>
        StartAsync(Organisation.Single(world), options, ct);

    /// <summary>Serves every (account, region) unit of <paramref name="organisation"/>, and STS AssumeRole into its accounts.</summary>
    public static async Task<EmulatorServer> StartAsync(Organisation organisation, EmulatorOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(organisation);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = "analytics-emulator" });
        // No request logging: requests carry signatures and responses carry payloads.
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = 2 << 20;
            kestrel.Listen(options.BindAddress, options.Port);
        });
        var app = builder.Build();
        var dispatcher = new RequestDispatcher(organisation, options);
        // Requests signed for S3 go to the S3 subset (datasets on S3); the rest to the simulated world's services.
        var s3 = new S3.S3Handler(new S3.S3Store(TimeProvider.System));
        app.Run(context => S3.S3Handler.IsS3(context.Request) ? s3.HandleAsync(context) : dispatcher.HandleAsync(context));
        await app.StartAsync(ct).ConfigureAwait(false);

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.First()
            ?? throw new InvalidOperationException("Kestrel reported no bound address");
        var bound = new Uri(address);
        var host = options.BindAddress.Equals(IPAddress.Any) || options.BindAddress.Equals(IPAddress.IPv6Any)
            ? "127.0.0.1"
            : bound.Host;
        return new EmulatorServer(app, new UriBuilder("http", host, bound.Port).Uri);
    }

    /// <summary>Completes when the server stops (after <see cref="DisposeAsync"/>) or <paramref name="ct"/> fires.</summary>
    public Task WaitForShutdownAsync(CancellationToken ct) => _app.WaitForShutdownAsync(ct);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
