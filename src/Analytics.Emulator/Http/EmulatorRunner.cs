using Analytics.Emulator.World;

namespace Analytics.Emulator.Http;

/// <summary>The `emulator` command's work: serve a world until cancelled, announcing the bound URL on one line.</summary>
public static class EmulatorRunner
{
    /// <summary>
    /// Starts the endpoint, writes `listening on http://HOST:PORT` to <paramref name="announce"/> (scripts parse this
    /// line), and serves until <paramref name="ct"/> is cancelled (SIGINT/SIGTERM in the CLI).
    /// </summary>
    public static Task RunAsync(IWorld world, EmulatorOptions options, TextWriter announce, CancellationToken ct) =>
        RunAsync(Organisation.Single(world), options, announce, ct);

    /// <inheritdoc cref="RunAsync(IWorld, EmulatorOptions, TextWriter, CancellationToken)"/>
    public static async Task RunAsync(Organisation world, EmulatorOptions options, TextWriter announce, CancellationToken ct)
    {
        await using var server = await EmulatorServer.StartAsync(world, options, ct).ConfigureAwait(false);
        await announce.WriteLineAsync($"listening on {server.Url.GetLeftPart(UriPartial.Authority)}").ConfigureAwait(false);
        await announce.FlushAsync(ct).ConfigureAwait(false);
        try
        {
            await Task.Delay(Timeout.Infinite, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Normal shutdown.
        }
    }
}
