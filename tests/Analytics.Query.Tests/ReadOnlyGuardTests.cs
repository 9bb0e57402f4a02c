using Analytics.Query.Tests.Dataset;

namespace Analytics.Query.Tests;

public sealed class ReadOnlyGuardTests(DatasetFixture dataset) : IClassFixture<DatasetFixture>
{
    private static string[] Writes(string target) =>
    [
        $"COPY (SELECT 1 AS x) TO '{target}/out.csv'",
        $"COPY executions TO '{target}/out.parquet' (FORMAT parquet)",
        $"EXPORT DATABASE '{target}/export'",
        $"ATTACH '{target}/other.duckdb' AS other",
        "INSTALL httpfs",
        "LOAD httpfs",
        "SET enable_external_access = true",
        "PRAGMA enable_profiling",
        $"SELECT 1; COPY (SELECT 1) TO '{target}/sneaky.csv'",
        $"EXPLAIN ANALYZE COPY (SELECT 1) TO '{target}/explained.csv'",
        $"EXPLAIN SELECT 1; COPY (SELECT 1) TO '{target}/after-explain.csv'",
        $"SELECT 'a;EXPLAIN '; COPY (SELECT 1) TO '{target}/literal.csv'",
    ];

    [Fact]
    public void Writing_statements_are_refused_without_allow_writes_and_nothing_is_written() =>
        AssertWritesRefused((session, sql) => session.Run(sql));

    [Fact]
    public void The_arrow_result_path_is_guarded_the_same_way_and_takes_the_parameters()
    {
        AssertWritesRefused((session, sql) => session.ExecuteArrow(sql).Dispose());

        using var session = QuerySession.Open(dataset.Root);
        using var batches = session.ExecuteArrow("SELECT range AS n FROM range(5) WHERE n >= getvariable('limit')", QueryParameters.Parse(["limit=3"]));
        using var batch = batches.ReadNext()!;
        Assert.Equal([3L, 4L], ((Apache.Arrow.Int64Array)batch.Column(0)).Values.ToArray());
        Assert.Null(batches.ReadNext());
    }

    private void AssertWritesRefused(Action<QuerySession, string> run)
    {
        using var target = new TempFolder();
        using var session = QuerySession.Open(dataset.Root);
        foreach (var sql in Writes(target.Path))
        {
            var error = Assert.Throws<QueryException>(() => run(session, sql));
            Assert.Contains("--allow-writes", error.Message, StringComparison.Ordinal);
        }
        Assert.Empty(Directory.EnumerateFileSystemEntries(target.Path));
    }

    [Fact]
    public void Writing_into_the_dataset_itself_is_refused_too()
    {
        using var session = QuerySession.Open(dataset.Root);
        var before = Directory.EnumerateFiles(dataset.Root, "*", SearchOption.AllDirectories).Count();

        Assert.Throws<QueryException>(() => session.Run($"COPY (SELECT 1) TO '{dataset.Root}/executions/date=2026-11-09/evil.parquet' (FORMAT parquet)"));
        Assert.Equal(before, Directory.EnumerateFiles(dataset.Root, "*", SearchOption.AllDirectories).Count());
    }

    [Fact]
    public void The_sandbox_keeps_reads_inside_the_dataset_even_for_a_plain_select()
    {
        using var session = QuerySession.Open(dataset.Root);

        var error = Assert.Throws<QueryException>(() => session.Run("SELECT count(*) FROM read_csv('/etc/passwd')"));
        Assert.Contains("disabled by configuration", error.Message, StringComparison.Ordinal);
        Assert.Equal(dataset.World.Executions.Count, Convert.ToInt64(session.Run("SELECT count(*) FROM executions").Rows[0][0], System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Only_the_dataset_and_a_private_spill_folder_are_reachable()
    {
        string spill;
        using (var session = QuerySession.Open(dataset.Root))
        {
            var allowed = session.AllowedDirectories();

            Assert.Equal(2, allowed.Count);
            Assert.Contains(dataset.Root + "/", allowed);
            spill = Assert.Single(allowed, path => path != dataset.Root + "/");
            Assert.StartsWith(Path.GetTempPath(), spill, StringComparison.Ordinal);
            Assert.DoesNotContain(Environment.CurrentDirectory, spill, StringComparison.Ordinal);
            Assert.True(Directory.Exists(spill));
        }
        Assert.False(Directory.Exists(spill)); // removed with the session
    }

    [Fact]
    public void With_allow_writes_copy_and_attach_run()
    {
        using var target = new TempFolder();
        using var session = QuerySession.Open(dataset.Root, new QuerySessionOptions { AllowWrites = true });

        session.Run($"COPY (SELECT count(*) AS n FROM executions) TO '{target.Path}/out.csv'");
        session.Run($"ATTACH '{target.Path}/other.duckdb' AS other; CREATE TABLE other.t AS SELECT 42 AS answer;");

        Assert.True(File.Exists(Path.Combine(target.Path, "out.csv")));
        Assert.True(File.Exists(Path.Combine(target.Path, "other.duckdb")));
    }

    [Fact]
    public void Read_only_queries_of_every_shape_pass_the_guard()
    {
        using var session = QuerySession.Open(dataset.Root);

        Assert.NotEmpty(session.Run("DESCRIBE executions").Rows);
        Assert.NotEmpty(session.Run("WITH x AS (SELECT 1 AS a) SELECT * FROM x").Rows);
        Assert.NotEmpty(session.Run("FROM executions LIMIT 1").Rows);
        Assert.NotEmpty(session.Run("SUMMARIZE SELECT duration_ms FROM executions").Rows);
        Assert.NotEmpty(session.Run("SUMMARIZE executions").Rows);
        Assert.NotEmpty(session.Run("EXPLAIN SELECT count(*) FROM executions").Rows);
        Assert.NotEmpty(session.Run("explain analyze SELECT count(*) FROM executions").Rows);
        Assert.NotEmpty(session.Run("SELECT 1; EXPLAIN SELECT status FROM executions").Rows);
        Assert.NotEmpty(session.Run("PIVOT executions ON status IN ('SUCCEEDED', 'FAILED') USING count(*) GROUP BY type").Rows);
        Assert.NotEmpty(session.Run("UNPIVOT (SELECT 1 AS a, 2 AS b) ON a, b INTO NAME n VALUE v").Rows);
    }

    [Fact]
    public void A_syntax_error_reports_duckdbs_message()
    {
        using var session = QuerySession.Open(dataset.Root);

        var error = Assert.Throws<QueryException>(() => session.Run("SELEC 1"));
        Assert.Contains("syntax error at or near \"SELEC\"", error.Message, StringComparison.Ordinal);
    }
}
