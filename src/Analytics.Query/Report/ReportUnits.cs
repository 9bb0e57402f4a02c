namespace Analytics.Query.Report;

/// <summary>
/// The (account, region) units a dataset holds. With more than one, every state machine, function or resource name
/// the report reads from a query carries its unit (<c>order-fulfillment (111111111111 eu-west-1)</c>): that keeps
/// same-named resources of different units apart in every table, comparison and chart, and says which is which. An
/// account with a name (<see cref="AccountNames"/>) reads `prod-eu (111111111111)` there and in every account_id cell.
/// </summary>
public sealed record ReportUnits(IReadOnlyList<string> Labels)
{
    public AccountNames Accounts { get; init; } = AccountNames.None;

    private const string UnitsSql = """
        SELECT DISTINCT account_id, region FROM executions
        UNION SELECT DISTINCT account_id, region FROM durable_executions
        ORDER BY ALL
        """;

    /// <summary>A dataset of one unit (or none): names are shown as they are.</summary>
    public static ReportUnits One { get; } = new([]);

    public bool Several => Labels.Count > 1;

    public static ReportUnits Of(QuerySession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        var table = session.Run(UnitsSql);
        var accounts = AccountNames.Of(session);
        return new ReportUnits(Enumerable.Range(0, table.Rows.Count).Select(r => Label(table, r, accounts)).ToList()) { Accounts = accounts };
    }

    /// <summary>"111111111111 eu-west-1" (`prod-eu (111111111111) eu-west-1` for a named account): the unit of a row of
    /// a named query (each starts with account_id, region).</summary>
    public string Label(QueryTable table, int row) => Label(table, row, Accounts);

    private static string Label(QueryTable table, int row, AccountNames accounts)
    {
        ArgumentNullException.ThrowIfNull(table);
        var account = table.Text(row, "account_id");
        return $"{(account is null ? "?" : accounts.Label(account))} {table.Text(row, "region") ?? "?"}";
    }

    /// <summary>The name in <paramref name="column"/>, with its unit when the dataset holds several; null stays null.</summary>
    public string? Name(QueryTable table, int row, string column)
    {
        ArgumentNullException.ThrowIfNull(table);
        var name = table.Text(row, column);
        return name is null || !Several ? name : $"{name} ({Label(table, row)})";
    }
}
