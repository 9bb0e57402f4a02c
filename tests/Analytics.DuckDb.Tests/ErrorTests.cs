namespace Analytics.DuckDb.Tests;

public sealed class ErrorTests
{
    [Theory]
    [InlineData("SELECT * FROM missing_table", "Catalog Error", "missing_table")]
    [InlineData("SELECT 1 +", "Parser Error", "syntax error")]
    [InlineData("SELECT 'abc'::INTEGER", "Conversion Error", "abc")]
    [InlineData("SELECT error('custom failure text')", "custom failure text", "custom failure text")]
    public void Failing_statement_raises_DuckDbException_with_DuckDBs_text(string sql, string kind, string detail)
    {
        using var db = DuckDbDatabase.Open();
        using var connection = db.Connect();

        var error = Assert.Throws<DuckDbException>(() => connection.Query(sql));

        Assert.Contains(kind, error.Message, StringComparison.Ordinal);
        Assert.Contains(detail, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Connection_stays_usable_after_an_error()
    {
        using var db = DuckDbDatabase.Open();
        using var connection = db.Connect();
        connection.Execute("CREATE TABLE t (id INTEGER PRIMARY KEY); INSERT INTO t VALUES (1)");

        var error = Assert.Throws<DuckDbException>(() => connection.Execute("INSERT INTO t VALUES (1)"));

        Assert.Contains("Duplicate key", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(1L, connection.ExecuteScalar("SELECT count(*) FROM t"));
    }

    [Fact]
    public void Invalid_setting_is_named_in_the_error()
    {
        var error = Assert.Throws<DuckDbException>(() => DuckDbDatabase.Open(config: new DuckDbConfig { MemoryLimit = "lots" }));

        Assert.Contains("memory_limit=lots", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unopenable_database_file_raises_DuckDbException()
    {
        using var folder = new TempFolder();
        var notADatabase = folder.File("text.duckdb");
        File.WriteAllText(notADatabase, "this is not a DuckDB file, just some text long enough to have a header");

        var error = Assert.Throws<DuckDbException>(() => DuckDbDatabase.Open(notADatabase));

        Assert.Contains(notADatabase, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Using_a_disposed_connection_is_refused()
    {
        using var db = DuckDbDatabase.Open();
        var connection = db.Connect();
        connection.Dispose();

        Assert.Throws<ObjectDisposedException>(() => connection.Query("SELECT 1"));
    }
}
