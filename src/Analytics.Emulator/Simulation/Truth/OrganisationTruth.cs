using System.Text.Json;
using Analytics.Emulator.World;

namespace Analytics.Emulator.Simulation.Truth;

/// <summary>`world truth` of a world of several accounts: the figures of <see cref="WorldTruth"/> per (account, region).</summary>
public sealed class OrganisationTruthReport
{
    public required DateTimeOffset Now { get; init; }

    public required long Seed { get; init; }

    public required string Definitions { get; init; }

    /// <summary>In the world file's order: accounts, then their regions.</summary>
    public List<UnitTruth> Units { get; } = [];
}

/// <summary>One (account, region): what an export of it must reproduce, and what keeps an export from it.</summary>
public sealed class UnitTruth
{
    public required string AccountId { get; init; }

    public string? Alias { get; init; }

    public required string Region { get; init; }

    /// <summary>Roles AssumeRole can assume in the account (none: the exporter's role is missing).</summary>
    public required IReadOnlyList<string> Roles { get; init; }

    /// <summary>Services whose every call is denied in this region (their figures are still the world's).</summary>
    public required IReadOnlyList<string> DisabledServices { get; init; }

    /// <summary>The unit's figures; its `seed` is the unit's own, derived from (seed, account, region).</summary>
    public required WorldTruthReport Truth { get; init; }
}

public static class OrganisationTruth
{
    public static OrganisationTruthReport Compute(Organisation organisation, long seed, CancellationToken cancellationToken)
    {
        var report = new OrganisationTruthReport { Now = organisation.Now, Seed = seed, Definitions = WorldTruth.DefinitionsText };
        foreach (var unit in organisation.Units)
        {
            var world = unit.World as SimulatedWorld
                ?? throw new InvalidOperationException($"{unit.AccountId}/{unit.Region} is not a simulated world");
            report.Units.Add(new UnitTruth
            {
                AccountId = unit.AccountId,
                Alias = unit.Account.Alias,
                Region = unit.Region,
                Roles = [.. unit.Account.Roles.Select(r => r.Name)],
                DisabledServices = [.. unit.DisabledServices.Order(StringComparer.Ordinal)],
                Truth = WorldTruth.Compute(world, cancellationToken, withDefinitions: false),
            });
        }
        return report;
    }

    public static void WriteJson(OrganisationTruthReport report, Stream stream)
    {
        JsonSerializer.Serialize(stream, report, WorldTruth.s_json);
        stream.WriteByte((byte)'\n');
    }
}
