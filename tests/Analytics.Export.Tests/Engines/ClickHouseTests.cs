using System.Globalization;
using System.Text.Json;
using Analytics.Core.Schemas;
using Analytics.Emulator.Tests.Http.Support;
using Analytics.Export.Tests.Support;

namespace Analytics.Export.Tests.Engines;

/// <summary>
/// ClickHouse for real (chdb from npm, tests/clickhouse: the ClickHouse engine in-process) reads an exported dataset
/// through the views `analytics ddl --engine clickhouse` prints, and agrees with our DuckDB answers.
/// </summary>
public sealed class ClickHouseTests(SmallWorldFixture fixture, S3rverHost s3) : IClassFixture<SmallWorldFixture>, IClassFixture<S3rverHost>
{
    private static string Folder => Path.Combine(NodeJs.RepositoryRoot, "tests", "clickhouse");

    [NodeFact]
    public async Task ClickHouse_over_the_ddl_views_computes_failure_rates_and_retry_attempts_equal_to_ours_and_reads_every_table_as_declared() =>
        await AssertClickHouseAgreesAsync(["--location", fixture.ReferenceDir], environment: null);

    /// <summary>The same dataset exported to s3rver, read by ClickHouse's own S3 reader through the views over
    /// <c>s3(…)</c> at s3rver's endpoint (path-style); ClickHouse signs with the keys in its environment, which s3rver
    /// checks (an unknown key id is refused with InvalidAccessKeyId).</summary>
    [NodeFact]
    public async Task ClickHouse_reads_the_dataset_exported_to_s3rver_through_its_s3_reader_and_agrees_with_ours()
    {
        var dataset = S3rverHost.NewDataset("clickhouse");
        Assert.Equal(0, await CliExport.RunAsync(fixture.Server.Url, dataset, chunkExecutions: 20, extraArgs: s3.Options));
        var keys = new Dictionary<string, string> { ["AWS_ACCESS_KEY_ID"] = "test", ["AWS_SECRET_ACCESS_KEY"] = "test" };
        await AssertClickHouseAgreesAsync(["--location", dataset, .. s3.Options], keys);
    }

    /// <summary>ClickHouse over the views `ddl --engine clickhouse` prints for a location holding the reference
    /// dataset: failure_rates and retry_attempts (the retry-attempt histogram) equal to ours row for row, every table's row count equal to DuckDB's over the
    /// reference, and the declared types those ClickHouse infers from the files.</summary>
    private async Task AssertClickHouseAgreesAsync(string[] ddlOptions, IReadOnlyDictionary<string, string>? environment)
    {
        await NodeJs.EnsureInstalledAsync(Folder, install: true, "chdb");
        var ddl = Path.Combine(fixture.NewDir("clickhouse"), "ddl.sql");
        Directory.CreateDirectory(Path.GetDirectoryName(ddl)!);
        var (exit, script, error) = await CliRun.RunAsync(["ddl", "--engine", "clickhouse", .. ddlOptions]);
        Assert.True(exit == 0, error);
        await File.WriteAllTextAsync(ddl, script);

        // Each query in ClickHouse's dialect beside the test (tests/clickhouse/<name>.sql) against our named query.
        foreach (var query in (string[])["failure_rates", "retry_attempts"])
        {
            var (ourExit, ours, ourError) = await CliRun.RunAsync("query", "--name", query, "--data", fixture.ReferenceDir, "--format", "json");
            Assert.True(ourExit == 0, ourError);
            var expected = JsonDocument.Parse(ours).RootElement.EnumerateArray().Select(Canonical).ToList();
            var actual = (await ClickHouse(ddl, Path.Combine(Folder, query + ".sql"), environment)).Select(Canonical).ToList();
            Assert.True(expected.Count > 3, query + " has rows");
            Assert.Equal(expected, actual);
            // The histogram holds both sources (state_visits, and durable_operations joined to durable_executions).
            Assert.True(query != "retry_attempts" || (expected.Exists(r => r.Contains("kind='task_state'", StringComparison.Ordinal))
                && expected.Exists(r => r.Contains("kind='durable_step'", StringComparison.Ordinal))), "retry_attempts: " + string.Join('\n', expected));
        }

        using var data = new Dataset(fixture.ReferenceDir);
        var tables = await ClickHouse(ddl, "--tables", environment);
        Assert.Equal(ExternalTables.Tables.Count(), tables.Count);
        foreach (var table in tables)
        {
            var name = table.GetProperty("table").GetString()!;
            Assert.True(data.Count(name) == table.GetProperty("rows").GetInt64(), $"{name}: ClickHouse counts {table.GetProperty("rows")} rows, DuckDB {data.Count(name)}");
            Assert.True(table.GetProperty("mismatches").GetArrayLength() == 0, $"{name}: {table.GetProperty("mismatches")}");
        }
    }

    private static async Task<List<JsonElement>> ClickHouse(string ddl, string what, IReadOnlyDictionary<string, string>? environment)
    {
        var (exit, output, error) = await NodeJs.RunAsync(NodeJs.NodePath!, ["run.mjs", ddl, what], Folder, TimeSpan.FromMinutes(3), environment);
        Assert.True(exit == 0, "chdb: " + error);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement).ToList();
    }

    /// <summary>A row as "name=value" pairs, numbers as doubles (ClickHouse may quote 64-bit integers), exact.</summary>
    private static string Canonical(JsonElement row) => string.Join("; ", row.EnumerateObject().Select(p => p.Name + "=" + p.Value.ValueKind switch
    {
        JsonValueKind.Number => p.Value.GetDouble().ToString("R", CultureInfo.InvariantCulture),
        JsonValueKind.String when double.TryParse(p.Value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number) => number.ToString("R", CultureInfo.InvariantCulture),
        JsonValueKind.String => "'" + p.Value.GetString() + "'",
        _ => p.Value.GetRawText(),
    }));
}
