using System.Collections.Concurrent;

namespace Analytics.Emulator.World;

/// <summary>A role of an account that STS AssumeRole can assume (its trust policy reduced to an optional external id).</summary>
public sealed record RoleRecord(string Name, string? ExternalId, int MaxSessionDuration);

/// <summary>An account of the world: its id, optional alias and assumable roles.</summary>
public sealed record AccountRecord(string AccountId, string? Alias, IReadOnlyList<RoleRecord> Roles)
{
    public RoleRecord? FindRole(string name) => Roles.FirstOrDefault(r => r.Name == name);

    /// <summary>`111111111111 (prod-us)`, or the bare id: how messages name the account.</summary>
    public string Label => Alias is null ? AccountId : $"{AccountId} ({Alias})";
}

/// <summary>
/// One (account, region) of the world: its own resources and traffic (<see cref="World"/>), and the services an
/// organisation policy denies there (`states`, `lambda`: every call answers AccessDenied, as under a region-deny SCP).
/// </summary>
public sealed record WorldUnit(AccountRecord Account, string Region, IWorld World, IReadOnlySet<string> DisabledServices)
{
    public string AccountId => Account.AccountId;
}

/// <summary>
/// What the endpoint serves: the accounts of a world and their (account, region) units. A single-account world
/// (no `accounts` in the file) is one unit that answers in every region, exactly as before multi-account worlds;
/// in a multi-account world a request is routed by its SigV4 scope's region and the account its access key
/// belongs to, and a region an account does not declare is an empty one (as an AWS region with nothing in it).
/// </summary>
public sealed class Organisation
{
    private readonly Dictionary<(string Account, string Region), WorldUnit> _declared;
    private readonly ConcurrentDictionary<(string Account, string Region), WorldUnit> _empty = new();
    private readonly Func<AccountRecord, string, IWorld>? _emptyWorld;
    private readonly WorldUnit? _single;

    private Organisation(IReadOnlyList<AccountRecord> accounts, IReadOnlyList<WorldUnit> units, DateTimeOffset now,
        Func<AccountRecord, string, IWorld>? emptyWorld, WorldUnit? single)
    {
        Accounts = accounts;
        Units = units;
        Now = now;
        _declared = units.ToDictionary(u => (u.AccountId, u.Region));
        _emptyWorld = emptyWorld;
        _single = single;
    }

    /// <summary>A one-account world: every request goes to it, whatever region it is signed for.</summary>
    public static Organisation Single(IWorld world)
    {
        ArgumentNullException.ThrowIfNull(world);
        var account = new AccountRecord(world.AccountId, null, []);
        var unit = new WorldUnit(account, world.Region, world, new HashSet<string>());
        return new Organisation([account], [unit], world.Now, null, unit);
    }

    /// <param name="emptyWorld">Builds the empty world of a region an account does not declare.</param>
    public static Organisation Multi(IReadOnlyList<AccountRecord> accounts, IReadOnlyList<WorldUnit> units, DateTimeOffset now,
        Func<AccountRecord, string, IWorld> emptyWorld) => new(accounts, units, now, emptyWorld, null);

    /// <summary>The accounts; the first is the home account, to which static (non-STS) access keys belong.</summary>
    public IReadOnlyList<AccountRecord> Accounts { get; }

    public AccountRecord HomeAccount => Accounts[0];

    /// <summary>The declared units, in file order (accounts, then their regions).</summary>
    public IReadOnlyList<WorldUnit> Units { get; }

    public DateTimeOffset Now { get; }

    public bool IsMultiAccount => _single is null;

    public AccountRecord? FindAccount(string accountId) => Accounts.FirstOrDefault(a => a.AccountId == accountId);

    /// <summary>The unit serving <paramref name="accountId"/> in <paramref name="region"/> (null for an unknown account).</summary>
    public WorldUnit? Route(string accountId, string region)
    {
        if (_single is not null)
        {
            return _single;
        }
        if (_declared.TryGetValue((accountId, region), out var unit))
        {
            return unit;
        }
        var account = FindAccount(accountId);
        return account is null
            ? null
            : _empty.GetOrAdd((accountId, region), key => new WorldUnit(account, key.Region, _emptyWorld!(account, key.Region), new HashSet<string>()));
    }
}
