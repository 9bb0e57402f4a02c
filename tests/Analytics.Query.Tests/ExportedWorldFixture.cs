using Analytics.Emulator.Simulation.Truth;

namespace Analytics.Query.Tests;

/// <summary>
/// The default world served by the emulator over loopback HTTP and exported once by the real export job (seed 7, now
/// 2026-11-22 22:00Z, as <see cref="ExportedWorldTests"/>), with its `world truth`: for tests that look at what a user
/// gets from `make demo`.
/// </summary>
public sealed class ExportedWorldFixture : IAsyncLifetime
{
    public static readonly DateTimeOffset Now = WorldExport.Now;

    private readonly TempFolder _folder = new();

    public string Root => _folder.Path;

    public WorldTruthReport Truth { get; private set; } = null!;

    public async Task InitializeAsync() => Truth = await WorldExport.ExportAsync("default.json", _folder.Path);

    public Task DisposeAsync()
    {
        _folder.Dispose();
        return Task.CompletedTask;
    }

    public static string RepoRoot => WorldExport.RepoRoot;
}
