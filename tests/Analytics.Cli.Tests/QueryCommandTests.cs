using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Analytics.Cli.Tests;

public sealed class QueryCommandTests
{
    [Fact]
    public void Query_prints_the_answer_as_a_table()
    {
        var run = CliRunner.Run("query", "select 42 as x");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(string.Empty, run.Stderr);
        Assert.Contains("| 42 |", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("|  x |", run.Stdout, StringComparison.Ordinal); // numbers are right-aligned
        Assert.Contains("(1 row)", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Csv_output_is_RFC_4180_and_parses_back_to_the_values()
    {
        var run = CliRunner.Run("query", """
            SELECT * FROM (VALUES
                (1, 'plain', 2.5, TIMESTAMPTZ '2026-11-21 09:30:00.25+00'),
                (2, 'comma, "quote" and
            newline', NULL, NULL),
                (3, '', -1e300, TIMESTAMPTZ '1969-07-20 20:17:40+00'),
                (4, 'ünïcode 🚀', 0.0, NULL)) AS t(id, text, amount, at_tz)
            ORDER BY id
            """, "--format", "csv");

        Assert.Equal(0, run.ExitCode);
        var records = ParseCsv(run.Stdout);
        AssertRecord(["id", "text", "amount", "at_tz"], records[0]);
        Assert.Equal(5, records.Count);
        AssertRecord(["1", "plain", "2.5", "2026-11-21 09:30:00.25+00"], records[1]);
        AssertRecord(["2", "comma, \"quote\" and\nnewline", null, null], records[2]);
        AssertRecord(["3", "", "-1E+300", "1969-07-20 20:17:40+00"], records[3]);
        AssertRecord(["4", "ünïcode 🚀", "0", null], records[4]);
    }

    [Fact]
    public void Json_output_is_an_array_of_objects_with_typed_values()
    {
        var run = CliRunner.Run("query", """
            SELECT 42 AS n, 12345678901234567890::HUGEINT AS big, 2.5::DOUBLE AS d, 19.99::DECIMAL(10,2) AS price,
                   'tab\there' AS s, NULL AS nothing, true AS ok,
                   TIMESTAMPTZ '2026-11-21 09:30:00.123+00' AS at_tz, DATE '2026-11-21' AS day, [1, 2] AS list
            UNION ALL
            SELECT -1, NULL, 'nan'::DOUBLE, NULL, NULL, NULL, false, NULL, NULL, NULL
            """, "--format", "json");

        Assert.Equal(0, run.ExitCode);
        using var document = JsonDocument.Parse(run.Stdout);
        var rows = document.RootElement.EnumerateArray().ToArray();
        Assert.Equal(2, rows.Length);
        var first = rows[0];
        Assert.Equal(42, first.GetProperty("n").GetInt32());
        Assert.Equal(12345678901234567890UL, first.GetProperty("big").GetUInt64());
        Assert.Equal(2.5, first.GetProperty("d").GetDouble());
        Assert.Equal(19.99m, first.GetProperty("price").GetDecimal());
        Assert.Equal("tab\\there", first.GetProperty("s").GetString());
        Assert.Equal(JsonValueKind.Null, first.GetProperty("nothing").ValueKind);
        Assert.True(first.GetProperty("ok").GetBoolean());
        Assert.Equal("2026-11-21T09:30:00.123Z", first.GetProperty("at_tz").GetString());
        Assert.Equal(new DateTimeOffset(2026, 11, 21, 9, 30, 0, 123, TimeSpan.Zero),
            DateTimeOffset.Parse(first.GetProperty("at_tz").GetString()!, CultureInfo.InvariantCulture));
        Assert.Equal("2026-11-21", first.GetProperty("day").GetString());
        Assert.Equal("[1,2]", Compact(first.GetProperty("list")));
        Assert.Equal(-1, rows[1].GetProperty("n").GetInt32());
        Assert.Equal(JsonValueKind.Null, rows[1].GetProperty("big").ValueKind);
        Assert.Equal("nan", rows[1].GetProperty("d").GetString());
    }

    [Fact]
    public void Json_output_renders_lists_structs_and_maps_as_json_arrays_and_objects_to_any_depth()
    {
        var run = CliRunner.Run("query", """
            SELECT ['STANDARD', NULL, 'it''s'] AS types,
                   {'name': 'sync', 'retries': 3, 'ok': true, 'at': TIMESTAMPTZ '2026-11-21 09:30:00+00', 'none': NULL} AS machine,
                   [{'state': 'A', 'attempts': [1, 2]}, {'state': 'B', 'attempts': []}] AS visits,
                   MAP {'States.Timeout': 2, 'Lambda.Unknown': NULL} AS errors,
                   MAP {1: [1.5]} AS by_number,
                   [1, 2, 3]::INTEGER[3] AS fixed,
                   union_value(n := 7)::UNION(n INTEGER, s VARCHAR) AS choice,
                   NULL::INTEGER[] AS no_list, [[]]::INTEGER[][] AS empty_inner
            """, "--format", "json");

        Assert.Equal(0, run.ExitCode);
        using var document = JsonDocument.Parse(run.Stdout);
        var row = document.RootElement.EnumerateArray().Single();
        Assert.Equal("""["STANDARD",null,"it's"]""", Compact(row.GetProperty("types")));
        Assert.Equal("""{"name":"sync","retries":3,"ok":true,"at":"2026-11-21T09:30:00Z","none":null}""", Compact(row.GetProperty("machine")));
        Assert.Equal("""[{"state":"A","attempts":[1,2]},{"state":"B","attempts":[]}]""", Compact(row.GetProperty("visits")));
        Assert.Equal("""{"States.Timeout":2,"Lambda.Unknown":null}""", Compact(row.GetProperty("errors")));
        Assert.Equal("""{"1":[1.5]}""", Compact(row.GetProperty("by_number")));
        Assert.Equal("[1,2,3]", Compact(row.GetProperty("fixed")));
        Assert.Equal("7", Compact(row.GetProperty("choice")));
        Assert.Equal(JsonValueKind.Null, row.GetProperty("no_list").ValueKind);
        Assert.Equal("[[]]", Compact(row.GetProperty("empty_inner")));
    }

    /// <summary>The value as compact JSON (the output is indented).</summary>
    private static string Compact(JsonElement value) =>
        JsonSerializer.Serialize(value, new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    [Fact]
    public void Results_do_not_depend_on_the_machines_time_zone()
    {
        var run = CliRunner.Run(new Dictionary<string, string> { ["TZ"] = "America/New_York" },
            "query", "SELECT make_timestamptz(1714521600000000)::DATE::VARCHAR AS day, make_timestamptz(1714521600000000)::VARCHAR AS at_tz",
            "--format", "csv");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("day,at_tz\r\n2024-05-01,2024-05-01 00:00:00+00\r\n", run.Stdout);
    }

    [Fact]
    public void Empty_result_is_an_empty_json_array_and_a_header_only_csv()
    {
        var json = CliRunner.Run("query", "SELECT 1 AS a WHERE false", "--format", "json");
        var csv = CliRunner.Run("query", "SELECT 1 AS a, 2 AS b WHERE false", "--format", "csv");

        Assert.Equal(0, JsonDocument.Parse(json.Stdout).RootElement.GetArrayLength());
        Assert.Equal("a,b\r\n", csv.Stdout);
    }

    [Fact]
    public void Bad_SQL_exits_2_with_DuckDBs_message_on_stderr()
    {
        var run = CliRunner.Run("query", "SELEC 42");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Parser Error", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("SELEC", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.Stdout);
    }

    [Fact]
    public void Missing_table_exits_2_naming_it()
    {
        var run = CliRunner.Run("query", "SELECT * FROM executions");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("executions", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_format_is_a_one_line_usage_error_naming_the_formats_and_exits_2()
    {
        var run = CliRunner.Run("query", "SELECT 1", "--format", "xml");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(string.Empty, run.Stdout);
        // One error line, then the usage hint every usage error ends with.
        Assert.Equal(
            "error: --format must be one of: table, csv, json, arrow; got 'xml'.\nRun 'analytics --help' (or '<command> --help') for usage.\n",
            run.Stderr.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Help_lists_the_commands()
    {
        var run = CliRunner.Run("--help");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("query", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("Run SQL", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Query_help_describes_its_options()
    {
        var run = CliRunner.Run("query", "--help");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("--data", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("--format", run.Stdout, StringComparison.Ordinal);
    }

    private static void AssertRecord(string?[] expected, string?[] actual) =>
        Assert.Equal(string.Join(" | ", expected.Select(f => f ?? "<null>")), string.Join(" | ", actual.Select(f => f ?? "<null>")));

    /// <summary>A strict RFC 4180 reader: CRLF records, quoted fields with doubled quotes; an unquoted empty field is null.</summary>
    private static List<string?[]> ParseCsv(string text)
    {
        var records = new List<string?[]>();
        var fields = new List<string?>();
        var field = new StringBuilder();
        var quoted = false;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '"' && field.Length == 0 && !quoted)
            {
                quoted = true;
                i++;
                while (true)
                {
                    Assert.True(i < text.Length, "unterminated quoted field");
                    if (text[i] == '"')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '"')
                        {
                            field.Append('"');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    field.Append(text[i++]);
                }
                continue;
            }
            if (c == ',' || c == '\r')
            {
                fields.Add(quoted || field.Length > 0 ? field.ToString() : null);
                field.Clear();
                quoted = false;
                if (c == '\r')
                {
                    Assert.Equal('\n', text[i + 1]);
                    records.Add([.. fields]);
                    fields.Clear();
                    i += 2;
                    continue;
                }
                i++;
                continue;
            }
            Assert.False(quoted, "text after a closing quote");
            Assert.NotEqual('\n', c);
            field.Append(c);
            i++;
        }
        Assert.Empty(fields);
        return records;
    }
}
