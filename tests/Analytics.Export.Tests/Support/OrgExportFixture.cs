using Analytics.Emulator.Simulation.Truth;
using Analytics.Emulator.World;

namespace Analytics.Export.Tests.Support;

/// <summary>
/// <see cref="OrgWorlds.Fixed"/> exported once (every account and region through the role, 3 units at a time), with
/// its `world truth` per (account, region): for the facts that read one organisation dataset.
/// </summary>
public sealed class OrgExportFixture : IAsyncLifetime
{
    private readonly TempFolder _temp = new();

    internal Organisation Org { get; } = OrgWorlds.Fixed();

    internal string Root => _temp.Sub("data");

    internal ExportResult Result { get; private set; } = null!;

    /// <summary>What `analytics world truth` prints for the world: one truth per (account, region).</summary>
    internal OrganisationTruthReport Truth { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await using (var server = await OrgWorlds.StartAsync(Org))
        {
            Result = await Exporter.RunAsync(server.Url, Root, o =>
            {
                OrgWorlds.Targets(o, Org);
                o.Parallel = 3;
            });
        }
        Truth = OrganisationTruth.Compute(Org, TestWorlds.Seed, CancellationToken.None);
    }

    public Task DisposeAsync()
    {
        _temp.Dispose();
        return Task.CompletedTask;
    }
}
