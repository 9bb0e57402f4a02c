using System.Text.Json;
using Analytics.Core.Columns;
using Analytics.Query;
using Apache.Arrow;
using Apache.Arrow.Ipc;
using Apache.Arrow.Types;

namespace Analytics.Cli.Tests;

/// <summary>The real corpus of saved histories (Fixtures, from the Core tests) imported once by the real CLI.</summary>
public sealed class ImportedCorpus : IDisposable
{
    public ImportedCorpus()
    {
        string Fixture(params string[] parts) => Path.Combine([AppContext.BaseDirectory, "Fixtures", .. parts]);
        var run = CliRunner.Run("import", Fixture("localstack-sfn", "histories"), Fixture("aws-durable-sdk-js-examples"), Fixture("synthetic"),
            "--out", Data, "--lenient");
        // Lenient: the ten snapshots with array ids are reported (exit 1), every other history is imported.
        Assert.True(run.ExitCode is 0 or 1, run.Stderr);
    }

    public string Data { get; } = Path.Combine(Path.GetTempPath(), "analytics-cli-tests", Guid.NewGuid().ToString("N"));

    public void Dispose() => Directory.Delete(Data, recursive: true);
}

/// <summary>`query --format arrow`: an Arrow IPC stream on stdout, read back with Apache.Arrow's reader.</summary>
public sealed class QueryArrowTests(ImportedCorpus corpus) : IClassFixture<ImportedCorpus>
{
    /// <summary>The tables the import writes: the flatteners' (map_runs and the snapshot tables come from listings).</summary>
    public static TheoryData<string> Tables =>
        [.. Core.StepFunctions.ExecutionHistoryFlattener.Tables.Concat(Core.Durable.DurableHistoryFlattener.Tables).Select(t => t.Name).Distinct()];

    [Theory]
    [MemberData(nameof(Tables))]
    public void A_tables_rows_come_out_with_the_declared_types_and_the_values_of_the_json_output(string table)
    {
        var declared = Core.Schemas.TableSchemas.All.Single(t => t.Name == table);
        var sql = $"SELECT * FROM {table}";

        var (schema, rows) = ReadArrow(Query(sql, "arrow"));

        Assert.Equal([.. declared.Columns.Select(c => c.Name), "export_run_id", "date"], schema.FieldsList.Select(f => f.Name));
        foreach (var column in declared.Columns)
        {
            Assert.Equal(ArrowTypeOf(column.Type), Describe(schema.GetFieldByName(column.Name).DataType));
        }
        Assert.Equal("utf8", Describe(schema.GetFieldByName("export_run_id").DataType));
        Assert.Equal("date32", Describe(schema.GetFieldByName("date").DataType));
        Assert.True(rows.Count > 100, $"{table}: {rows.Count} rows");
        AssertSameRows(sql, schema, rows);
    }

    [Fact]
    public void Every_named_querys_result_matches_its_json_output_value_for_value()
    {
        var checkedRows = 0;
        foreach (var query in NamedQueries.Locate().All())
        {
            var (schema, rows) = ReadArrow(Query(null, "arrow", "--name", query.Name));
            AssertSameRows(null, schema, rows, "--name", query.Name);
            checkedRows += rows.Count;
        }
        Assert.True(checkedRows > 0);
    }

    [Fact]
    public void Types_map_to_their_arrow_counterparts_and_nulls_stay_null()
    {
        var (schema, rows) = ReadArrow(Query("""
            SELECT 7::BIGINT AS big, 8::INTEGER AS int, 2.5::DOUBLE AS dbl, 'ünï' AS text, true AS ok,
                   TIMESTAMPTZ '2026-11-21 09:30:00.123456+00' AS at_tz, DATE '2026-11-21' AS day, 19.99::DECIMAL(10,2) AS price,
                   sum(x) AS total, [1, NULL, 3]::BIGINT[] AS list, {'state': 'A', 'n': 1} AS struct,
                   INTERVAL '1 month 2 days 3.5 seconds' AS span, NULL::BIGINT AS nothing
            FROM (VALUES (1::BIGINT), (2)) t(x)
            """, "arrow"));

        Assert.Equal(
            ["int64", "int32", "double", "utf8", "bool", "timestamp[us, UTC]", "date32", "decimal128(10, 2)", "decimal128(38, 0)", "list<int64>",
             "struct<state: utf8, n: int32>", "interval[MonthDayNanosecond]", "int64"],
            schema.FieldsList.Select(f => Describe(f.DataType)));
        var row = Assert.Single(rows);
        Assert.Equal(["7", "8", "2.5", "\"ünï\"", "true"], row[..5]);
        Assert.Equal(new DateTimeOffset(2026, 11, 21, 9, 30, 0, TimeSpan.Zero).AddTicks(1_234_560).UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture), row[5]);
        Assert.Equal(["2026-11-21", "19.99", "3", "[1,null,3]", "{state:\"A\",n:1}", "1 month 2 days 3500000000 ns"], row[6..12]);
        Assert.Equal("null", row[12]);
    }

    [Fact]
    public void A_large_result_streams_in_batches_of_DuckDBs_chunk_size()
    {
        var run = Query("SELECT range AS n, range::VARCHAR AS s FROM range(1000000)", "arrow");

        using var reader = new ArrowStreamReader(new MemoryStream(run.StdoutBytes));
        long rows = 0, batches = 0, sum = 0;
        while (reader.ReadNextRecordBatch() is { } batch)
        {
            using (batch)
            {
                Assert.InRange(batch.Length, 1, 2048);
                rows += batch.Length;
                batches++;
                sum += ((Int64Array)batch.Column(0)).Values.ToArray().Sum();
            }
        }
        Assert.Equal(1_000_000, rows);
        Assert.Equal(999_999L * 1_000_000 / 2, sum);
        Assert.True(batches >= 1_000_000 / 2048, $"{batches} batches");
    }

    [Fact]
    public void An_empty_result_is_a_stream_with_the_schema_and_no_batch()
    {
        using var reader = new ArrowStreamReader(new MemoryStream(Query("SELECT 1::BIGINT AS a, 'x' AS b WHERE false", "arrow").StdoutBytes));

        Assert.Null(reader.ReadNextRecordBatch());
        Assert.Equal(["a", "b"], reader.Schema.FieldsList.Select(f => f.Name));
    }

    [Fact]
    public void A_query_that_fails_while_streaming_exits_2_with_duckdbs_message_on_one_line()
    {
        var run = CliRunner.Run("query", "SELECT CASE WHEN range > 300000 THEN error('boom at ' || range) ELSE range END AS n FROM range(1000000)", "--format", "arrow");

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("error: ", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("boom at", run.Stderr, StringComparison.Ordinal);
        Assert.Single(run.Stderr.TrimEnd('\n').Split('\n'));
    }

    [TerminalFact]
    public void On_a_terminal_arrow_is_refused_instead_of_writing_binary_to_it()
    {
        var run = TerminalFactAttribute.RunOnTerminal("query", "SELECT 1", "--format", "arrow");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("error: --format arrow writes a binary Arrow IPC stream: redirect stdout", run.Stdout, StringComparison.Ordinal);
    }

    private CliResult Query(string? sql, string format, params string[] more)
    {
        var args = new List<string> { "query" };
        if (sql is not null)
        {
            args.Add(sql);
        }
        args.AddRange(["--data", corpus.Data, "--format", format, .. more]);
        var run = CliRunner.Run([.. args]);
        Assert.True(run.ExitCode == 0, $"query {sql} {string.Join(' ', more)} --format {format}: {run.Stderr}");
        return run;
    }

    /// <summary>The stream's schema and its rows, each value as <see cref="ArrowCanonical"/> text.</summary>
    private static (Schema Schema, List<string[]> Rows) ReadArrow(CliResult run)
    {
        using var reader = new ArrowStreamReader(new MemoryStream(run.StdoutBytes));
        var rows = new List<string[]>();
        while (reader.ReadNextRecordBatch() is { } batch)
        {
            using (batch)
            {
                for (var r = 0; r < batch.Length; r++)
                {
                    rows.Add([.. Enumerable.Range(0, batch.ColumnCount).Select(c => ArrowCanonical.FromArrow(batch.Column(c), r))]);
                }
            }
        }
        return (reader.Schema, rows);
    }

    /// <summary>The same query's JSON output holds the same rows (compared as sets of rows: ties may come in any order).</summary>
    private void AssertSameRows(string? sql, Schema schema, List<string[]> arrowRows, params string[] more)
    {
        using var json = JsonDocument.Parse(Query(sql, "json", more).Stdout);
        var fields = schema.FieldsList;
        var jsonRows = json.RootElement.EnumerateArray()
            .Select(row => string.Join(" | ", fields.Select((f, c) => ArrowCanonical.FromJson(row.EnumerateObject().ElementAt(c).Value, f.DataType))))
            .Order(StringComparer.Ordinal).ToList();
        var fromArrow = arrowRows.Select(row => string.Join(" | ", row)).Order(StringComparer.Ordinal).ToList();
        var what = sql ?? string.Join(' ', more);
        Assert.True(jsonRows.Count == fromArrow.Count, $"{what}: {fromArrow.Count} Arrow rows, {jsonRows.Count} JSON rows");
        for (var i = 0; i < jsonRows.Count; i++)
        {
            Assert.True(jsonRows[i] == fromArrow[i], $"{what}: Arrow row\n{fromArrow[i]}\nJSON row\n{jsonRows[i]}");
        }
    }

    private static string ArrowTypeOf(ColumnType type) => type switch
    {
        ColumnType.BigInt => "int64",
        ColumnType.Integer => "int32",
        ColumnType.Double => "double",
        ColumnType.Boolean => "bool",
        ColumnType.Varchar => "utf8",
        ColumnType.TimestampTz => "timestamp[us, UTC]",
        ColumnType.Timestamp => "timestamp[us]",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    /// <summary>pyarrow's spelling of a type, with the parameters that matter here.</summary>
    private static string Describe(IArrowType type) => type switch
    {
        TimestampType t => t.Timezone is { Length: > 0 } zone ? $"timestamp[{Unit(t.Unit)}, {zone}]" : $"timestamp[{Unit(t.Unit)}]",
        Decimal128Type d => $"decimal128({d.Precision}, {d.Scale})",
        ListType l => $"list<{Describe(l.ValueDataType)}>",
        StructType s => $"struct<{string.Join(", ", s.Fields.Select(f => $"{f.Name}: {Describe(f.DataType)}"))}>",
        IntervalType i => $"interval[{i.Unit}]",
        _ => type.Name,
    };

    private static string Unit(TimeUnit unit) => unit switch
    {
        TimeUnit.Second => "s",
        TimeUnit.Millisecond => "ms",
        TimeUnit.Microsecond => "us",
        _ => "ns",
    };
}
