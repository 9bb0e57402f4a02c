namespace Analytics.Emulator.Simulation.Sfn;

/// <summary>What every execution simulation of one world shares: the seed and where the account lives.</summary>
internal sealed record SimulationContext(long Seed, string Region, string AccountId);
