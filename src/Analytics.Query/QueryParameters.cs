using System.Globalization;
using System.Text.RegularExpressions;
using Analytics.DuckDb;

namespace Analytics.Query;

/// <summary>
/// Named parameters of a query (<c>--param start=2026-11-16</c>), handed to DuckDB as session variables that the SQL
/// reads with <c>getvariable('start')</c>. Values never become SQL text unchecked: <c>start</c> and <c>end</c> must
/// parse as a date or timestamp (UTC unless an offset is given), <c>account</c> (12 digits) and <c>region</c> (e.g.
/// <c>eu-west-1</c>) stay text, integers stay integers, anything else is a quoted string literal.
/// </summary>
public sealed partial class QueryParameters
{
    private static readonly string[] s_timestampFormats =
    [
        "yyyy-MM-dd", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd HH:mm:ssK", "yyyy-MM-dd HH:mm:ss.FFFFFFFK",
    ];

    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public static QueryParameters Empty => new();

    public IReadOnlyDictionary<string, string> Values => _values;

    /// <summary>The start/end window as parameters.</summary>
    public static QueryParameters Window(DateTimeOffset start, DateTimeOffset end) =>
        new QueryParameters().Set("start", Timestamp(start)).Set("end", Timestamp(end));

    /// <summary>Parses <c>name=value</c> pairs as given on the command line.</summary>
    /// <exception cref="QueryException">A pair without '=', a bad name or value, a repeated name, start not before end.</exception>
    public static QueryParameters Parse(IEnumerable<string> pairs)
    {
        var parameters = new QueryParameters();
        foreach (var pair in pairs)
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new QueryException($"Parameter '{pair}' is not name=value.");
            }
            var name = pair[..equals].Trim();
            if (parameters._values.ContainsKey(name))
            {
                throw new QueryException($"Parameter '{name}' is given twice.");
            }
            parameters.Set(name, pair[(equals + 1)..]);
            ToSqlLiteral(name, parameters._values[name]); // a bad value is reported now, before any dataset is opened
        }
        parameters.CheckWindow();
        return parameters;
    }

    /// <exception cref="QueryException">The name is not a plain identifier.</exception>
    public QueryParameters Set(string name, string value)
    {
        if (!NamePattern().IsMatch(name) || name.StartsWith("analytics_", StringComparison.Ordinal) || name == "data_dir")
        {
            throw new QueryException($"'{name}' is not a valid parameter name (letters, digits and '_'; not data_dir or analytics_*).");
        }
        _values[name] = value;
        return this;
    }

    /// <summary>The SQL literal a value becomes.</summary>
    /// <exception cref="QueryException">start/end that are not a date or timestamp.</exception>
    public static string ToSqlLiteral(string name, string value)
    {
        if (name is "start" or "end")
        {
            return TimestampLiteral(Instant(name, value));
        }
        if (name is "account" or "region")
        {
            return ScopePattern(name).IsMatch(value)
                ? DuckDbSql.Literal(value)
                : throw new QueryException(name == "account"
                    ? $"Parameter account='{value}' is not an AWS account id (12 digits)."
                    : $"Parameter region='{value}' is not a region name (lower-case letters, digits and '-', e.g. eu-west-1).");
        }
        if (name == "limit")
        {
            return long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var rows) && rows > 0
                ? rows.ToString(CultureInfo.InvariantCulture)
                : throw new QueryException($"Parameter limit='{value}' must be a positive whole number of rows.");
        }
        return long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer)
            ? integer.ToString(CultureInfo.InvariantCulture)
            : DuckDbSql.Literal(value);
    }

    /// <summary>Refuses a window that selects nothing by construction (start at or after end).</summary>
    /// <exception cref="QueryException">start is not before end, or either is not a timestamp.</exception>
    private void CheckWindow()
    {
        if (_values.TryGetValue("start", out var start) && _values.TryGetValue("end", out var end)
            && Instant("start", start) >= Instant("end", end))
        {
            throw new QueryException($"Parameter start={start} is not before end={end}: the window [start, end) would be empty.");
        }
    }

    private static DateTimeOffset Instant(string name, string value) =>
        DateTimeOffset.TryParseExact(value.Trim(), s_timestampFormats, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var instant)
            ? instant
            : throw new QueryException($"Parameter {name}='{value}' is not a date or timestamp (e.g. 2026-11-16 or 2026-11-16T08:00:00Z).");

    /// <summary>A TIMESTAMPTZ literal at microsecond precision, in UTC.</summary>
    public static string TimestampLiteral(DateTimeOffset instant) =>
        "TIMESTAMPTZ '" + instant.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture) + "+00'";

    private static string Timestamp(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex NamePattern();

    private static Regex ScopePattern(string name) => name == "account" ? AccountPattern() : RegionPattern();

    [GeneratedRegex("^[0-9]{12}$")]
    private static partial Regex AccountPattern();

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex RegionPattern();
}
