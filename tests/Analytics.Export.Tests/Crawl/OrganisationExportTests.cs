using Analytics.Emulator.Http;
using Analytics.Export.Tests.Support;
using Xunit.Abstractions;

namespace Analytics.Export.Tests.Crawl;

/// <summary>
/// Exports of a world of 3 accounts × 2 regions through STS AssumeRole on the emulator (loopback HTTP): one dataset,
/// each (account, region) a unit of its own; a unit that cannot be read is reported and the others are exported.
/// The facts that only read the export of every account and region share one (<see cref="OrgExportFixture"/>).
/// </summary>
public sealed partial class OrganisationExportTests(OrgExportFixture orgExport, ITestOutputHelper output) : IClassFixture<OrgExportFixture>
{
    [Fact]
    public void An_export_of_every_account_and_region_equals_each_units_truth()
    {
        var (org, result) = (orgExport.Org, orgExport.Result);

        Assert.False(result.IsPartial);
        Assert.Empty(result.FailedUnits);
        using var data = new Dataset(orgExport.Root);
        long executions = 0;
        foreach (var unit in org.Units)
        {
            var truth = WorldTruth.Of(unit.World);
            Assert.True(truth.TopLevel.Count > 0, unit.Region);
            truth.AssertEquals(data, OrgWorlds.OfUnit(unit));
            executions += truth.TopLevel.Count + truth.Durable.Count;
        }
        // The regions an account does not declare are empty: nothing else is in the dataset.
        Assert.Equal(executions, result.Executions);
        Assert.Equal(executions, data.Count("executions", "parent_execution_arn IS NULL") + data.Count("durable_executions"));
        // Same-named state machines of different units stay apart: one snapshot row each.
        Assert.Equal(org.Units.Sum(u => u.World.StateMachines.Count), data.Count("state_machines"));
        Assert.Equal("<null>", data.Strings($"SELECT failed_units FROM {data.Table("export_runs")}").Single());
        // Each unit's export_units row counts exactly what its (account, region) holds; the units' sums are the run's.
        Assert.Equal(ExportedPerUnit(org, _ => true), UnitRows(data, result.RunId));
        Assert.Equal(1, data.Scalar($"SELECT count(*) FROM (SELECT sum(executions) AS e, sum(events) AS v FROM {data.Table("export_units")}) u, {data.Table("export_runs")} r WHERE u.e = r.executions AND u.v = r.events"));
    }

    /// <summary>`account region executions events map_runs durable_executions` per unit a run of every account and
    /// region crawls, from the world: a region an account does not declare, or a unit <paramref name="exported"/>
    /// leaves out, counts nothing.</summary>
    private static List<string> ExportedPerUnit(Emulator.World.Organisation org, Func<Emulator.World.WorldUnit, bool> exported) =>
        [.. (from a in org.Accounts
             from r in org.Units.Select(u => u.Region).Distinct()
             let unit = org.Units.FirstOrDefault(u => u.AccountId == a.AccountId && u.Region == r)
             let t = unit is not null && exported(unit) ? WorldTruth.Of(unit.World) : null
             select $"{a.AccountId} {r} {t?.TopLevel.Count + t?.Durable.Count ?? 0} {t?.Events + t?.DurableEvents ?? 0} {t?.MapRuns ?? 0} {t?.Durable.Count ?? 0}")
            .Order(StringComparer.Ordinal)];

    private static List<string> UnitRows(Dataset data, string runId) => data.Strings(
        $"SELECT account_id || ' ' || region || ' ' || executions || ' ' || events || ' ' || map_runs || ' ' || durable_executions FROM {data.Table("export_units")} WHERE run_id = '{runId}' ORDER BY 1");

    [Fact]
    public async Task Account_names_from_the_accounts_file_are_kept_per_unit_and_shown_by_query_and_report_without_the_file()
    {
        using var temp = new TempFolder();
        var org = OrgWorlds.Fixed();
        var data = temp.Sub("data");
        File.WriteAllText(temp.Sub("accounts.txt"), "111111111111 prod-us\n222222222222,prod-eu\n333333333333\n");
        await using (var server = await OrgWorlds.StartAsync(org))
        {
            var (exit, _, err) = await CliRun.RunAsync(["export", "--out", data, .. CliRun.Emulator(server.Url), "--accounts-file", temp.Sub("accounts.txt"),
                "--regions", string.Join(',', org.Units.Select(u => u.Region).Distinct()), "--role-name", OrgWorlds.Role, "--external-id", OrgWorlds.ExternalId]);
            Assert.True(exit == 0, err);
        }
        File.Delete(temp.Sub("accounts.txt"));

        // One export_units row per (account, region) of the run, each with its account's name and its own calls; the
        // run's one export_runs row spans them, so names no unit.
        using (var dataset = new Dataset(data))
        {
            var units = dataset.Strings($"SELECT account_id || ' ' || region || ' ' || coalesce(account_name, '-') || ' ' || status || ' ' || CAST(api_calls > 0 AS VARCHAR) FROM {dataset.Table("export_units")} ORDER BY 1");
            Assert.Equal(org.Accounts.SelectMany(a => org.Units.Select(u => u.Region).Distinct().Order(StringComparer.Ordinal).Select(r =>
                $"{a.AccountId} {r} {(a.AccountId == "111111111111" ? "prod-us" : a.AccountId == OrgWorlds.ProdEu ? "prod-eu" : "-")} completed true")).Order(StringComparer.Ordinal), units);
            Assert.Equal("<null> <null>", dataset.Strings($"SELECT coalesce(account_id, '<null>') || ' ' || coalesce(region, '<null>') FROM {dataset.Table("export_runs")}").Single());
        }

        // query's table spells each named account `name (id)`; the same-named state machine of two accounts is two rows
        // a person tells apart; csv keeps the raw id.
        var (qExit, table, qErr) = await CliRun.RunAsync(["query", "--name", "failure_rates", "--data", data]);
        Assert.True(qExit == 0, qErr);
        var lines = table.Split('\n');
        Assert.Contains(lines, l => l.Contains("prod-us (111111111111)", StringComparison.Ordinal) && l.Contains("order-fulfillment ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("prod-eu (222222222222)", StringComparison.Ordinal) && l.Contains("order-fulfillment ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("| 333333333333 ", StringComparison.Ordinal));
        var (_, csv, _) = await CliRun.RunAsync(["query", "--name", "failure_rates", "--data", data, "--format", "csv"]);
        Assert.DoesNotContain("prod-us", csv, StringComparison.Ordinal);
        Assert.Contains("\n111111111111,", csv, StringComparison.Ordinal);

        // The report: the accounts-and-regions table and every name's unit carry the account's name.
        var (rExit, _, rErr) = await CliRun.RunAsync(["report", "--week", "2026-W47", "--data", data, "--out", temp.Sub("reports")]);
        Assert.True(rExit == 0, rErr);
        var markdown = File.ReadAllText(Path.Combine(temp.Sub("reports"), "2026-W47.md"));
        Assert.Contains("| prod-eu (222222222222) | eu-west-1 |", markdown, StringComparison.Ordinal);
        Assert.Contains("order-fulfillment (prod-us (111111111111) us-east-1)", markdown, StringComparison.Ordinal);
        Assert.Contains("order-fulfillment (333333333333 us-east-1)", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Role_sessions_expiring_during_a_run_are_renewed_before_they_expire_and_no_call_fails()
    {
        using var temp = new TempFolder();
        var org = OrgWorlds.Fixed();
        // The clients and the role sessions read a clock that stands still but for a 40 s leap every 36 API calls of
        // the run (it makes ~2,180: ~60 leaps, ~2,400 s, past two 900 s sessions, the shortest STS grants); the
        // emulator reads it 150 s ahead, as if every request took 150 s to arrive. A session the provider renews 5
        // minutes before its expiry has 150 s left then; one renewed less than 150 s before it would be refused
        // (ExpiredTokenException, surfacing as a retry or a failed call). Its time passing with the calls made, not with
        // the machine's speed or load, the outcome is the same on any machine: a request checks its session at most
        // 720 s (18 leaps) into it, as it is renewed at 750 s, and is refused only if 5 leaps (over 140 other calls)
        // happen while it is in flight. (A clock 120x real time failed it whenever one request was held up 2.5 s
        // between its check and its arrival, which a loaded machine does.)
        var start = DateTimeOffset.UtcNow;
        var clock = new SteppedClock(start, TimeSpan.FromSeconds(40), every: 36);
        await using var server = await EmulatorServer.StartAsync(org, new EmulatorOptions { Port = 0, Clock = clock.Ahead(TimeSpan.FromSeconds(150)) });

        var job = Exporter.Create(server.Url, temp.Sub("data"), o =>
        {
            OrgWorlds.Targets(o, org);
            o.SessionDuration = TimeSpan.FromSeconds(900);
            o.FetchConcurrency = 2;
        }, awsClock: clock);
        clock.Steps = () =>
        {
            var progress = job.Progress();
            return progress.ListingCalls + progress.FetchCalls;
        };
        var result = await job.RunAsync();

        // Calls went on well past the first sessions' expiry (each account's first session ends by 900 s of the clock).
        Assert.True(clock.GetUtcNow() - start > TimeSpan.FromSeconds(1800), $"the run ended {(clock.GetUtcNow() - start).TotalSeconds:F0} s of the clock in ({result.ApiCalls} calls): not past two sessions");
        Assert.False(result.IsPartial);
        Assert.Empty(result.FailedUnits);
        Assert.Equal(0, result.Retries);
        using var data = new Dataset(temp.Sub("data"));
        OrgWorlds.AssertEachUnitEqualsTruth(data, org.Units);
    }

    [Fact]
    public async Task A_run_of_one_unit_records_its_account_and_region_on_its_export_runs_row_and_in_export_units()
    {
        using var temp = new TempFolder();
        var outDir = temp.Sub("data");
        var world = TestWorlds.Small();
        await using (var server = await EmulatorHost.StartAsync(world))
        {
            Assert.False((await Exporter.RunAsync(server.Url, outDir)).IsPartial);
        }
        using var data = new Dataset(outDir);
        var account = data.Strings($"SELECT DISTINCT account_id FROM {data.Table("state_machines")}").Single();
        // Without target options the account is not asked for: it is the one of the resources the run listed.
        Assert.Equal($"{account} us-east-1", data.Strings($"SELECT account_id || ' ' || region FROM {data.Table("export_runs")}").Single());
        Assert.Equal($"{account} us-east-1 completed", data.Strings($"SELECT account_id || ' ' || region || ' ' || status FROM {data.Table("export_units")} WHERE account_name IS NULL AND api_calls = (SELECT api_calls FROM {data.Table("export_runs")})").Single());
    }

    [Fact]
    public async Task A_missing_role_and_a_disabled_region_are_reported_per_unit_the_rest_is_exported_and_a_rerun_with_the_role_fixed_fills_them_in()
    {
        using var temp = new TempFolder();
        var outDir = temp.Sub("data");
        var broken = OrgWorlds.Broken();
        bool Unreadable(Emulator.World.WorldUnit u) => u.AccountId == OrgWorlds.Sandbox || (u.AccountId == OrgWorlds.ProdEu && u.Region == "eu-central-1");

        await using (var server = await OrgWorlds.StartAsync(broken))
        {
            var first = await Exporter.RunAsync(server.Url, outDir, o => OrgWorlds.Targets(o, broken));

            Assert.True(first.IsPartial);
            var failed = first.FailedUnits.ToDictionary(u => u.Label, u => string.Join("; ", u.Failures));
            Assert.Equal(
                ["222222222222 eu-central-1", "333333333333 eu-central-1", "333333333333 eu-west-1", "333333333333 us-east-1", "333333333333 us-west-2"],
                failed.Keys.Order(StringComparer.Ordinal));
            Assert.All(failed.Where(f => f.Key.StartsWith(OrgWorlds.Sandbox, StringComparison.Ordinal)), f =>
                Assert.Contains("cannot assume role arn:aws:iam::333333333333:role/analytics-reader in account 333333333333: AccessDenied", f.Value));
            Assert.Contains("ListStateMachines", failed["222222222222 eu-central-1"]);
            Assert.Contains("AccessDeniedException", failed["222222222222 eu-central-1"]);

            using var data = new Dataset(outDir);
            foreach (var unit in broken.Units)
            {
                if (Unreadable(unit))
                {
                    Assert.Equal(0, data.Count("executions", OrgWorlds.OfUnit(unit)("execution_arn")));
                    Assert.Equal(0, data.Count("durable_executions", OrgWorlds.OfUnit(unit)("durable_execution_arn")));
                }
                else
                {
                    OrgWorlds.AssertEachUnitEqualsTruth(data, [unit]);
                }
            }
            // The run's export_runs row names each incomplete unit.
            var recorded = data.Strings($"SELECT failed_units FROM {data.Table("export_runs")}").Single();
            Assert.All(failed.Keys, label => Assert.Contains($"\"{label}\"", recorded));
            Assert.Equal(ExportedPerUnit(broken, u => !Unreadable(u)), UnitRows(data, first.RunId));
        }

        var fixedOrg = OrgWorlds.Fixed();
        await using (var server = await OrgWorlds.StartAsync(fixedOrg))
        {
            var second = await Exporter.RunAsync(server.Url, outDir, o => OrgWorlds.Targets(o, fixedOrg));

            Assert.False(second.IsPartial);
            // Only what the first run could not read is fetched now.
            Assert.Equal(fixedOrg.Units.Where(Unreadable).Sum(u => { var t = WorldTruth.Of(u.World); return t.TopLevel.Count + t.Durable.Count; }), second.Executions);
            using var data = new Dataset(outDir);
            OrgWorlds.AssertEachUnitEqualsTruth(data, fixedOrg.Units);
            // Per unit too: the second run's export_units rows count what it filled in, the first's the rest.
            Assert.Equal(ExportedPerUnit(fixedOrg, Unreadable), UnitRows(data, second.RunId));
        }
    }

    [Fact]
    public async Task The_cli_names_each_incomplete_unit_on_one_line_and_exits_1()
    {
        using var temp = new TempFolder();
        var broken = OrgWorlds.Broken();
        File.WriteAllText(temp.Sub("accounts.txt"), "111111111111 prod-us\n222222222222 prod-eu\n333333333333 sandbox\n");
        await using var server = await OrgWorlds.StartAsync(broken);

        var (exit, _, err) = await CliRun.RunAsync(["export", "--out", temp.Sub("data"), .. CliRun.Emulator(server.Url),
            "--accounts-file", temp.Sub("accounts.txt"), "--regions", "us-east-1,eu-central-1", "--role-name", OrgWorlds.Role,
            "--external-id", OrgWorlds.ExternalId, "--parallel", "2"]);

        Assert.Equal(1, exit);
        var incomplete = err.Split('\n').Where(l => l.StartsWith("incomplete: ", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, incomplete.Count);
        Assert.Contains(incomplete, l => l.StartsWith("incomplete: 222222222222 (prod-eu) eu-central-1: state machines (ListStateMachines): ", StringComparison.Ordinal));
        Assert.Contains(incomplete, l => l.StartsWith("incomplete: 333333333333 (sandbox) us-east-1: AssumeRole: cannot assume role", StringComparison.Ordinal));
        Assert.Contains(incomplete, l => l.StartsWith("incomplete: 333333333333 (sandbox) eu-central-1: AssumeRole: ", StringComparison.Ordinal));
        Assert.DoesNotContain("   at ", err, StringComparison.Ordinal);
        using var data = new Dataset(temp.Sub("data"));
        Assert.True(data.Count("executions", "split_part(execution_arn, ':', 5) = '111111111111'") > 0);
    }

    [Fact]
    public async Task A_dataset_of_single_region_runs_goes_on_incrementally_under_regions_and_two_shards_split_the_units()
    {
        using var temp = new TempFolder();
        var outDir = temp.Sub("data");
        var world = TestWorlds.Small();
        await using (var server = await EmulatorHost.StartAsync(world))
        {
            var before = await Exporter.RunAsync(server.Url, outDir);
            Assert.True(before.Executions > 0);

            // The manifest's watermarks, RUNNING set and exported executions are keyed by ARNs, which carry the account
            // and region: the same unit under --regions finds everything it already has.
            var after = await Exporter.RunAsync(server.Url, outDir, o => o.Regions = ["us-east-1"]);
            Assert.Equal(0, after.Executions);
            Assert.False(after.IsPartial);
        }

        var org = OrgWorlds.Fixed();
        var sharded = temp.Sub("sharded");
        await using (var server = await OrgWorlds.StartAsync(org))
        {
            foreach (var shard in new[] { "0/2", "1/2" })
            {
                Assert.False((await Exporter.RunAsync(server.Url, sharded, o => { OrgWorlds.Targets(o, org); o.Shard = shard; })).IsPartial);
            }
        }
        using var data = new Dataset(sharded);
        OrgWorlds.AssertEachUnitEqualsTruth(data, org.Units);
    }

    [Fact]
    public async Task Runs_of_several_units_killed_at_random_moments_then_one_completing_run_give_the_uninterrupted_dataset()
    {
        using var temp = new TempFolder();
        var org = OrgWorlds.Fixed();
        await using var server = await OrgWorlds.StartAsync(org);
        var reference = temp.Sub("reference");
        Assert.False((await Exporter.RunAsync(server.Url, reference, o => OrgWorlds.Targets(o, org))).IsPartial);
        string[] targets = ["--accounts", string.Join(',', org.Accounts.Select(a => a.AccountId)), "--regions", string.Join(',', org.Units.Select(u => u.Region).Distinct()),
            "--role-name", OrgWorlds.Role, "--external-id", OrgWorlds.ExternalId, "--parallel", "3"];
        var unitArns = org.Units.Select(u => { var t = WorldTruth.Of(u.World); return t.TopLevel.Concat(t.Durable).Select(a => a.Split(' ')[0]).ToList(); }).ToList();

        // Each killed run resumes the dataset the one before it left, and is killed while it commits (after 1 to 3 of
        // its chunks). Until one kill caught several units half committed by that very run, the kills go on: that is a
        // kill in the middle of units crawled in parallel. Kills at a random moment of a run timed in-process landed
        // before the CLI's first commit when the machine got busier (with every kill in the first tenth of the timed
        // run, none of 12 caught a unit in progress) or after its end when it got quieter, which started the count
        // over. Now a run ends first only with under 3 chunks left (the storm commits ~120 of ~2,080 executions), and
        // every kill seen (15 in 5 runs of the test) caught in progress the 2 units the first chunks come from (with
        // every kill at its earliest, 1 chunk in and no delay: 2 of 3): it fails only if 12 kills in a row catch fewer.
        var dir = temp.Sub("killed");
        var random = new Random(20261204);
        var kills = 0;
        var mostInterrupted = 0;
        var before = new int[unitArns.Count];
        for (var attempt = 0; (kills < 3 || mostInterrupted < 2) && attempt < 12; attempt++)
        {
            if (await CliExport.RunKilledWhileCommittingAsync(server.Url, dir, random, chunkExecutions: 20, extraArgs: targets))
            {
                kills++;
                var after = CommittedPerUnit(dir, unitArns);
                var interrupted = after.Where((n, i) => n > before[i] && n < unitArns[i].Count).Count();
                output.WriteLine($"kill {kills}: {interrupted} units in progress; committed per unit {string.Join(' ', after)} of {string.Join(' ', unitArns.Select(a => a.Count))}");
                mostInterrupted = Math.Max(mostInterrupted, interrupted);
                before = after;
            }
            else
            {
                // It finished first (nothing was left to kill it in): start over on a fresh dataset.
                output.WriteLine("a run finished first: starting over");
                Directory.Delete(dir, recursive: true);
                (kills, before) = (0, new int[unitArns.Count]);
            }
        }
        Assert.True(kills >= 3, $"{kills} kills");
        Assert.True(mostInterrupted >= 2, $"no kill caught two units in progress (at most {mostInterrupted})");

        Assert.Equal(0, await CliExport.RunAsync(server.Url, dir, chunkExecutions: 20, extraArgs: targets));
        SmallWorldFixture.AssertSame(reference, dir);
    }

    /// <summary>Per unit, how many of its executions (<paramref name="unitArns"/>) the dataset's manifest has committed.</summary>
    private static int[] CommittedPerUnit(string root, List<List<string>> unitArns)
    {
        var executions = Analytics.Export.Manifest.DatasetStore.LoadCommittedFiles(root, filesOnly: false)?.Executions;
        return [.. unitArns.Select(arns => executions is null ? 0 : arns.Count(executions.ContainsKey))];
    }
}
