using System.Collections.Concurrent;
using Analytics.Emulator.Http.Lambda;
using Analytics.Emulator.Http.Logs;
using Analytics.Emulator.Http.Paging;
using Analytics.Emulator.Http.StepFunctions;
using Analytics.Emulator.Quotas;
using Analytics.Emulator.World;

namespace Analytics.Emulator.Http;

/// <summary>The APIs and quota buckets of one (account, region) unit: AWS quotas are per account and region.</summary>
internal sealed record UnitApis(WorldUnit Unit, StepFunctionsApi StepFunctions, LambdaApi Lambda, LogsApi Logs, QuotaBook Quotas);

/// <summary>Builds each unit's <see cref="UnitApis"/> at its first request and keeps it.</summary>
internal sealed class UnitServices(EmulatorOptions options, PageTokenCodec tokens)
{
    private readonly ConcurrentDictionary<WorldUnit, UnitApis> _apis = new(ReferenceEqualityComparer.Instance);

    public UnitApis For(WorldUnit unit) => _apis.GetOrAdd(unit, u => new UnitApis(
        u,
        new StepFunctionsApi(u.World, tokens, options.FilterScanLimit),
        new LambdaApi(u.World, tokens, options.FilterScanLimit),
        new LogsApi(u.World, tokens, options.Seed),
        options.Quotas == QuotaMode.Aws ? QuotaBook.Aws(u.Region, options.Clock, options.NeighbourShare) : QuotaBook.Unlimited));
}
