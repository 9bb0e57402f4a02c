using System.Text.Json;
using System.Text.RegularExpressions;
using Analytics.DuckDb;

namespace Analytics.Query;

/// <summary>
/// The first of the two read-only defences (the second is the session sandbox, see <see cref="QuerySession"/>): DuckDB's
/// own parser decides whether every statement of the text is a query. <c>json_serialize_sql</c> serializes only
/// SELECT-shaped statements (SELECT, WITH, FROM, VALUES, DESCRIBE, SHOW, SUMMARIZE) and refuses everything else
/// (COPY, EXPORT, ATTACH, INSTALL/LOAD, SET, PRAGMA, CREATE, INSERT, ...), so no regex guesses at SQL. EXPLAIN
/// [ANALYZE] is judged by the statement it explains: the keywords are blanked before the check (they hold no quote or
/// comment character, so blanking them inside a literal or comment cannot change where statements begin or end).
/// PIVOT and UNPIVOT with an explicit IN list serialize as queries; a PIVOT without one is refused (DuckDB plans it
/// as a CREATE TYPE first).
/// </summary>
internal static partial class ReadOnlyGuard
{
    /// <exception cref="QueryException">A statement is not a query (it needs --allow-writes), or the SQL does not parse
    /// (DuckDB's message).</exception>
    public static void EnsureQueriesOnly(DuckDbConnection connection, string sql)
    {
        string verdict;
        using (var statement = connection.Prepare("SELECT json_serialize_sql($1::VARCHAR)"))
        {
            statement.Bind(1, ExplainKeywords().Replace(sql, match => new string(' ', match.Length)));
            using var result = statement.Query();
            using var chunk = result.NextChunk() ?? throw new QueryException("DuckDB returned no verdict on the statement.");
            verdict = chunk.GetVector(0).GetString(0);
        }
        using var json = JsonDocument.Parse(verdict);
        var root = json.RootElement;
        if (!root.TryGetProperty("error", out var error) || !error.GetBoolean())
        {
            return;
        }
        var type = root.TryGetProperty("error_type", out var t) ? t.GetString() : null;
        var message = root.TryGetProperty("error_message", out var m) ? m.GetString() : null;
        if (type == "not implemented")
        {
            throw new QueryException(
                "Refused: the SQL contains a statement that is not a read-only query (COPY, EXPORT, ATTACH, INSTALL, LOAD, SET, PRAGMA, CREATE, INSERT, ...). "
                + "Queries are read-only by default; rerun with --allow-writes to run it.");
        }
        throw new QueryException($"{(type == "parser" ? "Parser Error" : "Error")}: {message}");
    }

    [GeneratedRegex(@"(?<=^|;)(\s*)EXPLAIN(\s+ANALY[SZ]E)?(?=\s)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ExplainKeywords();
}
