namespace Analytics.Emulator.Tests.Http.Support;

/// <summary>One default emulator (no quotas, no faults) shared by the tests of a class.</summary>
public sealed class SharedEmulator : IAsyncLifetime
{
    private EmulatorHost? _host;

    internal EmulatorHost Host => _host ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync() => _host = await EmulatorHost.StartAsync();

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}
