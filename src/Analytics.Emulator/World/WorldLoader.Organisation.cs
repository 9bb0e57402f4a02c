using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Analytics.Emulator.Simulation.Durable;
using Analytics.Emulator.Simulation.Sfn;

namespace Analytics.Emulator.World;

public static partial class WorldLoader
{
    private const string AccountsMember = "accounts";

    private static readonly string[] s_services = ["states", "lambda"];

    [GeneratedRegex("^[0-9]{12}$")]
    private static partial Regex AccountIdPattern();

    [GeneratedRegex("^[a-z]{2}(-[a-z]+)+-[0-9]$")]
    private static partial Regex RegionPattern();

    [GeneratedRegex(@"^[\w+=,.@-]{1,64}$")]
    private static partial Regex RoleNamePattern();

    /// <summary>
    /// Loads any world file: one with `accounts` as an <see cref="Organisation"/> of (account, region) units, each a
    /// world of its own whose members are the file's top-level ones replaced by the region entry's (so top-level
    /// resources are every unit's defaults); one without as <see cref="Organisation.Single"/>, exactly as
    /// <see cref="Load"/>. A unit simulates with a seed derived from (seed, account, region), so same-named
    /// resources of different units run differently.
    /// </summary>
    /// <exception cref="WorldFileException">The file is missing, is not valid JSON or describes an invalid world.</exception>
    public static Organisation LoadOrganisation(string path, long seed, DateTimeOffset? now = null,
        ExecutionListOrder listOrder = ExecutionListOrder.Aws) =>
        LoadOrganisationJson(ReadWorldFile(path), path, seed, now, listOrder);

    /// <summary>Like <see cref="LoadOrganisation"/> with the file's text; <paramref name="source"/> prefixes error messages.</summary>
    public static Organisation LoadOrganisationJson(string json, string source, long seed, DateTimeOffset? now = null,
        ExecutionListOrder listOrder = ExecutionListOrder.Aws)
    {
        var node = Parse(json, source);
        if (node is not JsonObject root || !root.TryGetPropertyValue(AccountsMember, out var accountsNode))
        {
            return Organisation.Single(Build(node, source, seed, now, listOrder));
        }
        root.Remove(AccountsMember);
        var accounts = ParseAccounts(accountsNode, root, source);
        var clock = now ?? DefaultsOf(root, source).Now;

        var records = new List<AccountRecord>();
        var units = new List<WorldUnit>();
        foreach (var account in accounts)
        {
            var record = new AccountRecord(account.Id, account.Alias,
                [.. account.Roles.Select(r => new RoleRecord(r.Name, r.ExternalId, r.MaxSessionDuration))]);
            records.Add(record);
            foreach (var (region, entry, disabled, path) in account.Regions)
            {
                var unit = UnitNode(root, entry, account.Id, region);
                var unitSource = $"{source} ({path}: account {account.Id}, {region})";
                var world = HasResources(unit)
                    ? Build(unit, unitSource, UnitSeed(seed, account.Id, region), clock, listOrder)
                    : Empty(unit, unitSource, UnitSeed(seed, account.Id, region), clock, listOrder);
                units.Add(new WorldUnit(record, region, world, disabled));
            }
        }
        return Organisation.Multi(records, units, clock, (account, region) =>
            Empty(UnitNode(root, [], account.AccountId, region), source, UnitSeed(seed, account.AccountId, region), clock, listOrder));
    }

    /// <summary>A stable per-unit seed (never string.GetHashCode: it changes from process to process).</summary>
    internal static long UnitSeed(long seed, string accountId, string region)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{accountId}/{region}"));
        return seed ^ BitConverter.ToInt64(hash, 0);
    }

    private static JsonObject UnitNode(JsonObject root, JsonObject entry, string accountId, string region)
    {
        var unit = (JsonObject)root.DeepClone();
        foreach (var (name, value) in entry)
        {
            unit[name] = value?.DeepClone();
        }
        unit["accountId"] = accountId;
        unit["region"] = region;
        return unit;
    }

    private static bool HasResources(JsonObject unit) =>
        new[] { "stateMachines", "functions", "durableFunctions" }.Any(m => unit[m] is JsonArray { Count: > 0 });

    /// <summary>A unit with no resources (a region an account declares bare, or does not declare at all).</summary>
    private static SimulatedWorld Empty(JsonObject unit, string source, long seed, DateTimeOffset now, ExecutionListOrder listOrder)
    {
        var file = DefaultsOf(unit, source);
        return new SimulatedWorld(file, seed, now, [], new DurableModels([]), listOrder);
    }

    private static WorldFile DefaultsOf(JsonObject node, string source)
    {
        try
        {
            var file = node.Deserialize<WorldFile>(s_options) ?? throw new WorldFileException($"{source}: $: must be a JSON object");
            return file.Now == default ? throw new WorldFileException($"{source}: $.now: is required") : file;
        }
        catch (JsonException e)
        {
            throw new WorldFileException($"{source}: {e.Path ?? "$"}: {FirstSentence(e.Message)}", e);
        }
    }

    private sealed record ParsedAccount(string Id, string? Alias, List<RoleSpec> Roles,
        List<(string Region, JsonObject Entry, IReadOnlySet<string> Disabled, string Path)> Regions);

    private static List<ParsedAccount> ParseAccounts(JsonNode? node, JsonObject root, string source)
    {
        var errors = new List<string>();
        void Check(bool ok, string path, string what)
        {
            if (!ok)
            {
                errors.Add($"{path}: {what}");
            }
        }
        Check(!root.ContainsKey("accountId") && !root.ContainsKey("region"), "$", "`accountId` and `region` belong in `accounts` in a world of several accounts");
        List<AccountSpec>? specs = null;
        try
        {
            specs = node.Deserialize<List<AccountSpec>>(s_options);
        }
        catch (JsonException e)
        {
            throw new WorldFileException($"{source}: $.accounts{(e.Path ?? "$")[1..]}: {FirstSentence(e.Message)}", e);
        }
        Check(specs is { Count: > 0 }, "$.accounts", "must list at least one account");
        var parsed = new List<ParsedAccount>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var aliases = new HashSet<string>(StringComparer.Ordinal);
        for (var a = 0; a < (specs?.Count ?? 0); a++)
        {
            var spec = specs![a];
            var path = $"$.accounts[{a}]";
            Check(AccountIdPattern().IsMatch(spec.Id ?? ""), $"{path}.id", "must be 12 digits");
            Check(ids.Add(spec.Id ?? ""), $"{path}.id", $"'{spec.Id}' is used twice");
            Check(spec.Alias is null || aliases.Add(spec.Alias), $"{path}.alias", $"'{spec.Alias}' is used twice");
            var roleNames = new HashSet<string>(StringComparer.Ordinal);
            for (var r = 0; r < spec.Roles.Count; r++)
            {
                var role = spec.Roles[r];
                Check(RoleNamePattern().IsMatch(role.Name ?? ""), $"{path}.roles[{r}].name", "must be 1-64 letters, digits or +=,.@_-");
                Check(roleNames.Add(role.Name ?? ""), $"{path}.roles[{r}].name", $"'{role.Name}' is used twice");
                Check(role.ExternalId is null || role.ExternalId.Length is >= 2 and <= 1224, $"{path}.roles[{r}].externalId", "must be 2-1224 characters");
                Check(role.MaxSessionDuration is >= 3600 and <= 43200, $"{path}.roles[{r}].maxSessionDuration", "must be 3600-43200 seconds");
            }
            var regions = new List<(string, JsonObject, IReadOnlySet<string>, string)>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var g = 0; g < spec.Regions.Count; g++)
            {
                var entry = (JsonObject)spec.Regions[g].DeepClone();
                var regionPath = $"{path}.regions[{g}]";
                var region = entry.Remove("region", out var regionNode) && regionNode is JsonValue v && v.TryGetValue<string>(out var text) ? text : "";
                Check(RegionPattern().IsMatch(region), $"{regionPath}.region", "must be a region name such as us-east-1");
                Check(seen.Add(region), $"{regionPath}.region", $"'{region}' is listed twice");
                var disabled = new HashSet<string>(StringComparer.Ordinal);
                if (entry.Remove("disabledServices", out var disabledNode))
                {
                    var names = disabledNode is JsonArray list ? list.Select(n => n is JsonValue s && s.TryGetValue<string>(out var t) ? t : "").ToList() : [""];
                    foreach (var name in names)
                    {
                        Check(s_services.Contains(name), $"{regionPath}.disabledServices", $"lists '{name}': only 'states' and 'lambda' can be disabled");
                        disabled.Add(name);
                    }
                }
                Check(!entry.ContainsKey("accountId") && !entry.ContainsKey("extends"), regionPath, "must not set `accountId` or `extends`");
                regions.Add((region, entry, disabled, regionPath));
            }
            parsed.Add(new ParsedAccount(spec.Id ?? "", spec.Alias, spec.Roles, regions));
        }
        return errors.Count == 0 ? parsed : throw new WorldFileException($"{source}: invalid world file:\n  " + string.Join("\n  ", errors));
    }
}
