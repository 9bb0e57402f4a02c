using Analytics.DuckDb;
using Analytics.Query.Report;
using Analytics.Query.Tests.Dataset;

namespace Analytics.Query.Tests;

/// <summary>
/// Same-named state machines and functions in different accounts and regions stay apart in every named query, and
/// <c>--param account=</c> / <c>--param region=</c> narrow every named query to one of them.
/// </summary>
public sealed class AccountRegionTests(ThreeUnitDataset dataset) : IClassFixture<ThreeUnitDataset>
{
    private static readonly string[] s_units = ThreeUnitDataset.Units.Select(u => $"{u.Account} {u.Region}").ToArray();

    public static TheoryData<string> QueryNames =>
        [.. NamedQueries.Locate().All().Select(q => q.Name)];

    private QueryTable Run(string name, params string[] parameters)
    {
        using var session = QuerySession.Open(dataset.Root, new QuerySessionOptions { Threads = 2 });
        return session.RunNamed(name, QueryParameters.Parse(parameters));
    }

    private static List<string> UnitsOf(QueryTable table) =>
        table.Rows.Select(r => $"{r[0]} {r[1]}").Distinct().Order(StringComparer.Ordinal).ToList();

    [Theory]
    [MemberData(nameof(QueryNames))]
    public void Every_named_query_starts_with_account_and_region_and_has_rows_of_every_unit(string name)
    {
        var table = Run(name);

        Assert.Equal(["account_id", "region"], table.Columns.Take(2).Select(c => c.Name));
        Assert.Equal(s_units.Order(StringComparer.Ordinal), UnitsOf(table));
    }

    [Theory]
    [MemberData(nameof(QueryNames))]
    public void Account_and_region_parameters_narrow_every_named_query_to_their_rows(string name)
    {
        var all = Canonical.Rows(Run(name));
        var byUnit = ThreeUnitDataset.Units.Select(u => Run(name, $"account={u.Account}", $"region={u.Region}")).ToList();
        var firstAccount = Run(name, "account=111111111111");
        var euWest = Run(name, "region=eu-west-1");

        for (var i = 0; i < byUnit.Count; i++)
        {
            Assert.Equal([s_units[i]], UnitsOf(byUnit[i]));
        }
        // Filtering only drops the other units' rows: per unit, the same rows as unfiltered.
        Assert.Equal(all.Order(StringComparer.Ordinal), byUnit.SelectMany(t => Canonical.Rows(t)).Order(StringComparer.Ordinal));
        Assert.Equal(["111111111111 eu-west-1", "111111111111 us-east-1"], UnitsOf(firstAccount));
        Assert.Equal(["111111111111 eu-west-1", "222222222222 eu-west-1"], UnitsOf(euWest));
    }

    [Fact]
    public void Failure_rates_keep_the_same_named_state_machine_of_each_unit_on_its_own_row()
    {
        var table = Run("failure_rates");

        var rows = Enumerable.Range(0, table.Rows.Count)
            .Where(r => table.Text(r, "state_machine") == "order-fulfillment")
            .Select(r => $"{table.Text(r, "account_id")} {table.Text(r, "region")}: {table.Long(r, "succeeded")} ok, {table.Long(r, "failed")} failed");
        Assert.Equal(ThreeUnitDataset.Units.Select(u => $"{u.Account} {u.Region}: {u.Succeeded} ok, {u.Failed} failed").Order(StringComparer.Ordinal), rows);
    }

    [Fact]
    public void The_report_keeps_units_apart_and_summarises_each_account_and_region()
    {
        using var output = new TempFolder();
        var (markdown, html, data) = WeeklyReport.Write(dataset.Root, IsoWeek.Parse("2026-W47"), output.Path,
            now: new DateTimeOffset(2026, 11, 23, 6, 0, 0, TimeSpan.Zero));

        Assert.Equal(s_units.Order(StringComparer.Ordinal), data.Units.Labels);
        Assert.Equal(s_units.Select(u => $"order-fulfillment ({u})").Order(StringComparer.Ordinal),
            data.FailureRates.Select(m => m.StateMachine).Order(StringComparer.Ordinal));
        Assert.Equal(ThreeUnitDataset.Units.Select(u => (long)u.Failed).ToList(),
            s_units.Select(u => data.FailureRates.Single(m => m.StateMachine.EndsWith($"({u})", StringComparison.Ordinal)).Current.Failures).ToList());
        Assert.Equal(3, data.Analysis.RetryAdvice.Count(f => f.Finding == "error_not_retried"));
        var text = File.ReadAllText(markdown);
        var page = File.ReadAllText(html);
        foreach (var unit in ThreeUnitDataset.Units)
        {
            var executions = unit.Succeeded + unit.Failed;
            // The summary row: account, region, 1 state machine, its executions and failures, then the durable figures.
            Assert.Contains($"| {unit.Account} | {unit.Region} | 1 | {executions} | {unit.Failed} |", text, StringComparison.Ordinal);
            // ... ending with the week's export runs there: 1 run, none incomplete, what it exported.
            var (exported, events) = ThreeUnitDataset.Exported(unit);
            Assert.Contains($"| 1 | 0 | {exported} | {events} | 1 |", text.Split('\n').Single(l => l.StartsWith($"| {unit.Account} | {unit.Region} | 1 |", StringComparison.Ordinal)), StringComparison.Ordinal);
            Assert.Contains($">{unit.Account}</td><td>{unit.Region}</td>", page, StringComparison.Ordinal);
            Assert.Contains($"| order-fulfillment ({unit.Account} {unit.Region}) |", text, StringComparison.Ordinal);
        }
        Assert.Contains("## Accounts and regions", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("account=11111111111", "not an AWS account id")]
    [InlineData("account=prod-us", "not an AWS account id")]
    [InlineData("region=EU West", "not a region name")]
    public void A_malformed_account_or_region_is_refused_before_anything_runs(string parameter, string message) =>
        Assert.Contains(message, Assert.Throws<QueryException>(() => QueryParameters.Parse([parameter])).Message, StringComparison.Ordinal);

    [Fact]
    public void An_account_id_with_a_leading_zero_stays_text()
    {
        Assert.Equal("'012345678901'", QueryParameters.ToSqlLiteral("account", "012345678901"));
    }

    [Fact]
    public void Files_written_before_the_columns_existed_take_account_and_region_from_their_ARNs()
    {
        using var folder = new TempFolder();
        var partition = Directory.CreateDirectory(Path.Combine(folder.Path, "executions", "date=2026-11-17")).FullName;
        using (var database = DuckDbDatabase.Open(null, new DuckDbConfig { Threads = 1 }))
        using (var connection = database.Connect())
        {
            // An older file (no account_id, no region) and a newer one of another unit, in the same partition.
            connection.Execute("COPY (SELECT 'arn:aws:states:us-east-1:111111111111:execution:orders:a' AS execution_arn, "
                + "'orders' AS state_machine_name, 'SUCCEEDED' AS status, TIMESTAMPTZ '2026-11-17 10:00:00+00' AS start_time) "
                + $"TO {DuckDbSql.Literal(Path.Combine(partition, "old.parquet"))} (FORMAT parquet)");
            connection.Execute("COPY (SELECT 'arn:aws:states:eu-west-1:222222222222:execution:orders:b' AS execution_arn, "
                + "'orders' AS state_machine_name, 'FAILED' AS status, TIMESTAMPTZ '2026-11-17 11:00:00+00' AS start_time, "
                + "'222222222222' AS account_id, 'eu-west-1' AS region) "
                + $"TO {DuckDbSql.Literal(Path.Combine(partition, "new.parquet"))} (FORMAT parquet)");
        }
        using var session = QuerySession.Open(folder.Path);

        var rates = session.RunNamed("failure_rates", QueryParameters.Parse(["account=111111111111"]));

        Assert.Equal([["111111111111", "us-east-1", "orders", 1L]],
            rates.Rows.Select(r => new object?[] { r[0], r[1], r[2], rates.Long(0, "succeeded") }));
        Assert.Equal(2, session.RunNamed("failure_rates").Rows.Count);
    }

    [Fact]
    public void In_a_manifest_dataset_only_rows_without_account_or_region_take_them_from_their_ARNs()
    {
        using var folder = new TempFolder();
        var files = WriteUnitFiles(folder.Path);
        Directory.CreateDirectory(Path.Combine(folder.Path, "_manifest", "commits"));
        Assert.True(Analytics.Export.Manifest.DatasetStore.RegisterImported(folder.Path, "units", files));
        using var session = QuerySession.Open(folder.Path);

        var rows = session.Run("SELECT execution_arn, account_id, region FROM executions ORDER BY execution_arn");

        Assert.Equal(
            [["arn:aws:states:ap-south-1:333333333333:execution:orders:c", "333333333333", "ap-south-1"],
             ["arn:aws:states:eu-west-1:222222222222:execution:orders:b", "222222222222", "eu-west-1"],
             ["arn:aws:states:us-east-1:111111111111:execution:orders:a", "111111111111", "us-east-1"],
             ["arn:aws:states:us-west-2:444444444444:execution:orders:d", "444444444444", "us-west-2"]],
            rows.Rows.Select(r => r.Select(v => (string?)v).ToArray()));
    }

    [Fact]
    public void Files_with_account_and_region_in_every_row_are_read_without_their_ARN_column()
    {
        using var folder = new TempFolder();
        var partition = Directory.CreateDirectory(Path.Combine(folder.Path, "executions", "date=2026-11-17")).FullName;
        var file = Path.Combine(partition, "new.parquet");
        using (var database = DuckDbDatabase.Open(null, new DuckDbConfig { Threads = 1 }))
        using (var connection = database.Connect())
        {
            connection.Execute("COPY (SELECT 'arn:aws:states:eu-west-1:222222222222:execution:orders:b' AS execution_arn, "
                + "'222222222222' AS account_id, 'eu-west-1' AS region) "
                + $"TO {DuckDbSql.Literal(file)} (FORMAT parquet)");
        }
        Directory.CreateDirectory(Path.Combine(folder.Path, "_manifest", "commits"));
        Assert.True(Analytics.Export.Manifest.DatasetStore.RegisterImported(folder.Path, "units", [file]));
        using var session = QuerySession.Open(folder.Path);

        var plan = string.Join("\n", session.Run("EXPLAIN SELECT account_id, region FROM executions").Rows.SelectMany(r => r.Select(v => v?.ToString())));

        Assert.Contains("account_id", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("execution_arn", plan, StringComparison.Ordinal);
    }

    /// <summary>
    /// Four units' executions in one partition: an older file without account_id and region (unit a), a file that has
    /// them but leaves one row's NULL (units b, c), and a file with them in every row (unit d). Returns the files.
    /// </summary>
    private static List<string> WriteUnitFiles(string root)
    {
        var partition = Directory.CreateDirectory(Path.Combine(root, "executions", "date=2026-11-17")).FullName;
        var files = new List<string> { Path.Combine(partition, "old.parquet"), Path.Combine(partition, "partial.parquet"), Path.Combine(partition, "new.parquet") };
        using var database = DuckDbDatabase.Open(null, new DuckDbConfig { Threads = 1 });
        using var connection = database.Connect();
        connection.Execute("COPY (SELECT 'arn:aws:states:us-east-1:111111111111:execution:orders:a' AS execution_arn) "
            + $"TO {DuckDbSql.Literal(files[0])} (FORMAT parquet)");
        connection.Execute("COPY (FROM (VALUES ('arn:aws:states:eu-west-1:222222222222:execution:orders:b', '222222222222', 'eu-west-1'), "
            + "('arn:aws:states:ap-south-1:333333333333:execution:orders:c', NULL, NULL)) AS t(execution_arn, account_id, region)) "
            + $"TO {DuckDbSql.Literal(files[1])} (FORMAT parquet)");
        connection.Execute("COPY (SELECT 'arn:aws:states:us-west-2:444444444444:execution:orders:d' AS execution_arn, "
            + "'444444444444' AS account_id, 'us-west-2' AS region) "
            + $"TO {DuckDbSql.Literal(files[2])} (FORMAT parquet)");
        return files;
    }
}
